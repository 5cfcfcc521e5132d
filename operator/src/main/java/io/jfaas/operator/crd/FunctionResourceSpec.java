package io.jfaas.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a Function asks for: the fields of OpenFaaS's {@code FunctionSpec} with their JSON names.
 * {@code handler} becomes the {@code fprocess} variable and {@code environment} the other variables.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class FunctionResourceSpec {

    @Required
    @JsonPropertyDescription("The name of the Deployment and Service; normally equal to metadata.name")
    private String name;

    @Required
    @JsonPropertyDescription("The container image")
    private String image;

    @JsonPropertyDescription("The command the watchdog runs (env fprocess)")
    private String handler;

    private Map<String, String> annotations = new LinkedHashMap<>();
    private Map<String, String> labels = new LinkedHashMap<>();

    @JsonPropertyDescription("Environment variables of the function's container")
    private Map<String, String> environment = new LinkedHashMap<>();

    @JsonPropertyDescription("key=value node selector entries")
    private List<String> constraints = new ArrayList<>();

    @JsonPropertyDescription("Names of Secrets mounted read-only at /var/openfaas/secrets/<name>")
    private List<String> secrets = new ArrayList<>();

    private ResourceQuantities limits;
    private ResourceQuantities requests;

    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    private boolean readOnlyRootFilesystem;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public String getHandler() {
        return handler;
    }

    public void setHandler(String handler) {
        this.handler = handler;
    }

    public Map<String, String> getAnnotations() {
        return annotations;
    }

    public void setAnnotations(Map<String, String> annotations) {
        this.annotations = annotations == null ? new LinkedHashMap<>() : new LinkedHashMap<>(annotations);
    }

    public Map<String, String> getLabels() {
        return labels;
    }

    public void setLabels(Map<String, String> labels) {
        this.labels = labels == null ? new LinkedHashMap<>() : new LinkedHashMap<>(labels);
    }

    public Map<String, String> getEnvironment() {
        return environment;
    }

    public void setEnvironment(Map<String, String> environment) {
        this.environment = environment == null ? new LinkedHashMap<>() : new LinkedHashMap<>(environment);
    }

    public List<String> getConstraints() {
        return constraints;
    }

    public void setConstraints(List<String> constraints) {
        this.constraints = constraints == null ? new ArrayList<>() : new ArrayList<>(constraints);
    }

    public List<String> getSecrets() {
        return secrets;
    }

    public void setSecrets(List<String> secrets) {
        this.secrets = secrets == null ? new ArrayList<>() : new ArrayList<>(secrets);
    }

    public ResourceQuantities getLimits() {
        return limits;
    }

    public void setLimits(ResourceQuantities limits) {
        this.limits = limits;
    }

    public ResourceQuantities getRequests() {
        return requests;
    }

    public void setRequests(ResourceQuantities requests) {
        this.requests = requests;
    }

    public boolean isReadOnlyRootFilesystem() {
        return readOnlyRootFilesystem;
    }

    public void setReadOnlyRootFilesystem(boolean readOnlyRootFilesystem) {
        this.readOnlyRootFilesystem = readOnlyRootFilesystem;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FunctionResourceSpec s && readOnlyRootFilesystem == s.readOnlyRootFilesystem
                && Objects.equals(name, s.name) && Objects.equals(image, s.image) && Objects.equals(handler, s.handler)
                && annotations.equals(s.annotations) && labels.equals(s.labels) && environment.equals(s.environment)
                && constraints.equals(s.constraints) && secrets.equals(s.secrets) && Objects.equals(limits, s.limits)
                && Objects.equals(requests, s.requests);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, image, handler, annotations, labels, environment, constraints, secrets, limits,
                requests, readOnlyRootFilesystem);
    }
}
