package io.jfaas.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A deployed function as {@code GET /system/functions} and {@code GET /system/function/{name}} return it.
 * Everything but {@code name}, {@code image}, {@code createdAt}, {@code labels} and {@code annotations} is left out
 * when empty or zero, as in OpenFaaS. OpenFaaS's {@code labels} and {@code annotations} are pointers to maps that its
 * providers always set, so they are always written, as {@code {}} when empty: Go clients such as {@code faas-cli
 * describe} dereference them.
 *
 * @param name the function name
 * @param image the image reference
 * @param namespace the namespace
 * @param envProcess the {@code fprocess}, or null
 * @param envVars environment variables (left out when not set)
 * @param constraints placement constraints
 * @param secrets secret names
 * @param labels labels
 * @param annotations annotations
 * @param limits resource limits
 * @param requests resource requests
 * @param readOnlyRootFilesystem whether the file system is read-only
 * @param invocationCount invocations counted by the gateway
 * @param replicas desired replicas
 * @param availableReplicas replicas ready to serve
 * @param createdAt when the function was first deployed
 * @param autoscaler the autoscaler's last decision (a jfaas addition), or null
 * @param health how the replicas are doing: state, restarts, last error (a jfaas addition), or null
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FunctionStatus(
        @JsonInclude(JsonInclude.Include.ALWAYS) String name,
        @JsonInclude(JsonInclude.Include.ALWAYS) String image,
        String namespace,
        String envProcess,
        Map<String, String> envVars,
        List<String> constraints,
        List<String> secrets,
        @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, String> labels,
        @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, String> annotations,
        FunctionResources limits,
        FunctionResources requests,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean readOnlyRootFilesystem,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) double invocationCount,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long replicas,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long availableReplicas,
        @JsonInclude(JsonInclude.Include.ALWAYS) Instant createdAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) AutoscalerStatus autoscaler,
        @JsonInclude(JsonInclude.Include.NON_NULL) ReplicaHealth health) {

    public FunctionStatus {
        envVars = envVars == null ? Map.of() : Map.copyOf(envVars);
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** A status without an autoscaler decision: what OpenFaaS's providers report. */
    public FunctionStatus(String name, String image, String namespace, String envProcess, Map<String, String> envVars,
                          List<String> constraints, List<String> secrets, Map<String, String> labels,
                          Map<String, String> annotations, FunctionResources limits, FunctionResources requests,
                          boolean readOnlyRootFilesystem, double invocationCount, long replicas,
                          long availableReplicas, Instant createdAt) {
        this(name, image, namespace, envProcess, envVars, constraints, secrets, labels, annotations, limits, requests,
                readOnlyRootFilesystem, invocationCount, replicas, availableReplicas, createdAt, null, null);
    }

    /** A status with an autoscaler decision and no replica health. */
    public FunctionStatus(String name, String image, String namespace, String envProcess, Map<String, String> envVars,
                          List<String> constraints, List<String> secrets, Map<String, String> labels,
                          Map<String, String> annotations, FunctionResources limits, FunctionResources requests,
                          boolean readOnlyRootFilesystem, double invocationCount, long replicas,
                          long availableReplicas, Instant createdAt, AutoscalerStatus autoscaler) {
        this(name, image, namespace, envProcess, envVars, constraints, secrets, labels, annotations, limits, requests,
                readOnlyRootFilesystem, invocationCount, replicas, availableReplicas, createdAt, autoscaler, null);
    }

    /** This status with the given invocation count. */
    public FunctionStatus withInvocationCount(double count) {
        return new FunctionStatus(name, image, namespace, envProcess, envVars, constraints, secrets, labels,
                annotations, limits, requests, readOnlyRootFilesystem, count, replicas, availableReplicas, createdAt,
                autoscaler, health);
    }

    /** This status with the autoscaler's last decision. */
    public FunctionStatus withAutoscaler(AutoscalerStatus decision) {
        return new FunctionStatus(name, image, namespace, envProcess, envVars, constraints, secrets, labels,
                annotations, limits, requests, readOnlyRootFilesystem, invocationCount, replicas, availableReplicas,
                createdAt, decision, health);
    }

    /** This status with how its replicas are doing. */
    public FunctionStatus withHealth(ReplicaHealth replicaHealth) {
        return new FunctionStatus(name, image, namespace, envProcess, envVars, constraints, secrets, labels,
                annotations, limits, requests, readOnlyRootFilesystem, invocationCount, replicas, availableReplicas,
                createdAt, autoscaler, replicaHealth);
    }
}
