package io.jfaas.cli.deploy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jfaas.cli.CliFailure;
import io.jfaas.cli.stack.StackFile.Resources;
import io.jfaas.cli.stack.StackFile.StackFunction;
import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.FunctionResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * What one stack function and the deploy flags become as a FunctionDeployment. Environment: {@code environment}, then
 * each {@code environment_file} in order, then {@code -e} flags (later wins). Labels, annotations: the stack's, then
 * the flags'. Secrets and constraints: both, without repeats. {@code fprocess}: the stack's, else the template's.
 */
public final class DeploymentSpec {

    private static final YAMLMapper YAML = new YAMLMapper();

    private DeploymentSpec() {
    }

    /**
     * Extra settings from the command line.
     *
     * @param namespace {@code -n}, or null
     * @param env {@code -e KEY=VALUE}
     * @param labels {@code -l KEY=VALUE}
     * @param annotations {@code --annotation KEY=VALUE}
     * @param secrets {@code --secret NAME}
     * @param constraints {@code --constraint EXPR}
     * @param readOnly {@code --readonly}
     */
    public record Flags(String namespace, Map<String, String> env, Map<String, String> labels,
                        Map<String, String> annotations, List<String> secrets, List<String> constraints,
                        boolean readOnly) {

        public static Flags none() {
            return new Flags(null, Map.of(), Map.of(), Map.of(), List.of(), List.of(), false);
        }
    }

    /**
     * The deployment for one function.
     *
     * @param stackDir the stack file's folder, which environment files are relative to
     * @param templateFprocess the template's fprocess, or null
     */
    public static FunctionDeployment of(String name, StackFunction function, Path stackDir, String templateFprocess,
                                        Flags flags) {
        Map<String, String> env = new LinkedHashMap<>(function.environment());
        for (String file : function.environmentFile()) {
            env.putAll(readEnvironmentFile(stackDir.resolve(file), file));
        }
        env.putAll(flags.env());
        Map<String, String> labels = new LinkedHashMap<>(function.labels());
        labels.putAll(flags.labels());
        Map<String, String> annotations = new LinkedHashMap<>(function.annotations());
        annotations.putAll(flags.annotations());
        List<String> secrets = union(function.secrets(), flags.secrets());
        List<String> constraints = union(function.constraints(), flags.constraints());
        String namespace = flags.namespace() != null && !flags.namespace().isBlank() ? flags.namespace()
                : function.namespace();
        String fprocess = function.fprocess() != null && !function.fprocess().isBlank() ? function.fprocess()
                : templateFprocess;
        return new FunctionDeployment(name, function.image(), blankToNull(namespace), blankToNull(fprocess), env,
                constraints, secrets, labels, annotations, resources(function.limits()),
                resources(function.requests()), function.readOnlyRootFilesystem() || flags.readOnly());
    }

    /** Parses {@code KEY=VALUE} flags; {@code kind} names them in errors ("label", "envvar"). */
    public static Map<String, String> parsePairs(List<String> pairs, String kind) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new CliFailure("error parsing " + kind + "s: " + kind + " format is not correct, needs"
                        + " key=value: [" + pair + "]");
            }
            String key = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            if (key.isEmpty()) {
                throw new CliFailure("error parsing " + kind + "s: empty " + kind + " name: [" + pair + "]");
            }
            if (value.isEmpty()) {
                throw new CliFailure("error parsing " + kind + "s: empty " + kind + " value: [" + pair + "]");
            }
            parsed.put(key, value);
        }
        return parsed;
    }

    private static Map<String, String> readEnvironmentFile(Path file, String name) {
        try {
            EnvironmentFile parsed = YAML.readValue(Files.readString(file), EnvironmentFile.class);
            return parsed == null || parsed.environment() == null ? Map.of() : parsed.environment();
        } catch (IOException e) {
            throw new CliFailure("cannot read environment_file " + name + ": " + e.getMessage());
        }
    }

    private static FunctionResources resources(Resources resources) {
        if (resources == null) {
            return null;
        }
        FunctionResources converted = new FunctionResources(blankToNull(resources.memory()), blankToNull(resources.cpu()));
        return converted.isUnset() ? null : converted;
    }

    private static List<String> union(List<String> first, List<String> second) {
        LinkedHashSet<String> all = new LinkedHashSet<>(first);
        all.addAll(second);
        return new ArrayList<>(all);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record EnvironmentFile(Map<String, String> environment) {
    }
}
