package io.jfaas.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST} and {@code PUT /system/functions}: what to deploy. Field names are OpenFaaS's.
 * Deprecated fields that old clients still send ({@code registryAuth}, {@code network}) are ignored.
 *
 * @param service the function name (DNS-1123 label)
 * @param image the image reference
 * @param namespace the namespace, or null for the provider's default
 * @param envProcess the {@code fprocess} of the function, or null
 * @param envVars environment variables
 * @param constraints placement constraints, {@code key=value}
 * @param secrets names of secrets made available to the function
 * @param labels labels, including {@code com.openfaas.scale.*}
 * @param annotations annotations
 * @param limits resource limits
 * @param requests resource requests
 * @param readOnlyRootFilesystem whether the function's file system is read-only but for /tmp
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FunctionDeployment(
        String service,
        String image,
        String namespace,
        String envProcess,
        Map<String, String> envVars,
        List<String> constraints,
        List<String> secrets,
        Map<String, String> labels,
        Map<String, String> annotations,
        FunctionResources limits,
        FunctionResources requests,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean readOnlyRootFilesystem) {

    public FunctionDeployment {
        envVars = envVars == null ? Map.of() : Map.copyOf(envVars);
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** A deployment with only a name and an image. */
    public static FunctionDeployment of(String service, String image) {
        return new FunctionDeployment(service, image, null, null, null, null, null, null, null, null, null, false);
    }

    /** This deployment in the given namespace. */
    public FunctionDeployment withNamespace(String newNamespace) {
        return new FunctionDeployment(service, image, newNamespace, envProcess, envVars, constraints, secrets,
                labels, annotations, limits, requests, readOnlyRootFilesystem);
    }

    /** This deployment with the given labels. */
    public FunctionDeployment withLabels(Map<String, String> newLabels) {
        return new FunctionDeployment(service, image, namespace, envProcess, envVars, constraints, secrets,
                newLabels, annotations, limits, requests, readOnlyRootFilesystem);
    }

    /** This deployment with the given annotations. */
    public FunctionDeployment withAnnotations(Map<String, String> newAnnotations) {
        return new FunctionDeployment(service, image, namespace, envProcess, envVars, constraints, secrets,
                labels, newAnnotations, limits, requests, readOnlyRootFilesystem);
    }
}
