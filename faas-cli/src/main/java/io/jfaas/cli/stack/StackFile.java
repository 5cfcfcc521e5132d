package io.jfaas.cli.stack;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stack file, as OpenFaaS's go-sdk reads it.
 *
 * @param version "1.0" or absent
 * @param provider the provider block; its name must be {@code openfaas}
 * @param configuration templates to pull and paths to copy into builds
 * @param functions the functions, by name, in file order
 */
public record StackFile(String version, Provider provider, Configuration configuration,
                        Map<String, StackFunction> functions) {

    public StackFile {
        functions = functions == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(functions));
    }

    /**
     * @param name must be {@code openfaas}
     * @param gateway the gateway URL
     * @param network accepted for old stack files, unused
     */
    public record Provider(String name, String gateway, String network) {
    }

    /**
     * @param templates template sources ({@code name}, {@code source})
     * @param copy extra paths copied into every build
     */
    public record Configuration(List<TemplateSource> templates, List<String> copy) {
    }

    /**
     * @param name the template's language name
     * @param source a git URL, optionally with {@code #ref}
     */
    public record TemplateSource(String name, String source) {
    }

    /**
     * Memory and CPU, as Kubernetes quantities.
     *
     * @param memory e.g. {@code 128Mi}
     * @param cpu e.g. {@code 100m}
     */
    public record Resources(String memory, String cpu) {
    }

    /**
     * One function of the stack.
     *
     * @param lang the template
     * @param handler the function's folder
     * @param image the image name
     * @param fprocess overrides the template's process
     * @param namespace the namespace
     * @param environment environment variables
     * @param environmentFile files of the form {@code environment: {...}}; later files win
     * @param secrets secret names
     * @param labels labels
     * @param annotations annotations
     * @param limits resource limits
     * @param requests resource requests
     * @param constraints placement constraints
     * @param readOnlyRootFilesystem a read-only file system but for /tmp
     * @param skipBuild do not build this function
     * @param buildOptions template build options
     * @param buildArgs build arguments
     * @param buildSecrets build secrets
     * @param platforms target platforms
     */
    public record StackFunction(
            String lang,
            String handler,
            String image,
            String fprocess,
            String namespace,
            Map<String, String> environment,
            @JsonProperty("environment_file") List<String> environmentFile,
            List<String> secrets,
            Map<String, String> labels,
            Map<String, String> annotations,
            Resources limits,
            Resources requests,
            List<String> constraints,
            @JsonProperty("readonly_root_filesystem") boolean readOnlyRootFilesystem,
            @JsonProperty("skip_build") boolean skipBuild,
            @JsonProperty("build_options") List<String> buildOptions,
            @JsonProperty("build_args") Map<String, String> buildArgs,
            @JsonProperty("build_secrets") Map<String, String> buildSecrets,
            String platforms) {

        public StackFunction {
            environment = environment == null ? Map.of() : environment;
            environmentFile = environmentFile == null ? List.of() : environmentFile;
            secrets = secrets == null ? List.of() : secrets;
            labels = labels == null ? Map.of() : labels;
            annotations = annotations == null ? Map.of() : annotations;
            constraints = constraints == null ? List.of() : constraints;
            buildOptions = buildOptions == null ? List.of() : buildOptions;
            buildArgs = buildArgs == null ? Map.of() : buildArgs;
            buildSecrets = buildSecrets == null ? Map.of() : buildSecrets;
        }
    }
}
