package io.jfaas.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * A namespace as {@code /system/namespace/NAME} takes and returns it (OpenFaaS's {@code FunctionNamespace}): its
 * name, labels and annotations. Go clients always send {@code openfaas: "1"} in both maps.
 *
 * @param name the namespace
 * @param annotations its annotations (never null)
 * @param labels its labels (never null)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FunctionNamespace(
        String name,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> annotations,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> labels) {

    public FunctionNamespace {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** Annotations of one namespace, keys and values together, at most (Kubernetes' limit). */
    public static final int ANNOTATIONS_MAX_BYTES = 256 * 1024;

    /**
     * Every problem of this namespace as a request gives it, each naming its field: the name a DNS-1123 label other
     * than {@code kube-system}; label keys and values, and annotation keys, Kubernetes' qualified names; labels and
     * annotations each at most {@value #ANNOTATIONS_MAX_BYTES} bytes. Empty when it may be stored.
     */
    public java.util.List<String> problems() {
        java.util.List<String> problems = new java.util.ArrayList<>();
        if (name == null || name.isEmpty()) {
            problems.add("name: is required");
        } else {
            Names.namespaceProblem(name).ifPresent(problems::add);
        }
        check("labels", labels, true, problems);
        check("annotations", annotations, false, problems);
        return problems;
    }

    private static void check(String field, Map<String, String> pairs, boolean labelValues,
                              java.util.List<String> problems) {
        long bytes = 0;
        for (Map.Entry<String, String> pair : new java.util.TreeMap<>(pairs).entrySet()) {
            Names.qualifiedNameProblem(pair.getKey())
                    .or(() -> labelValues ? Names.labelValueProblem(pair.getValue()) : java.util.Optional.empty())
                    .ifPresent(problem -> problems.add(field + "." + pair.getKey() + ": " + problem));
            bytes += pair.getKey().length() + pair.getValue().length();
        }
        if (bytes > ANNOTATIONS_MAX_BYTES) {
            problems.add(field + ": " + bytes + " bytes in all, more than " + ANNOTATIONS_MAX_BYTES);
        }
    }

    /** The same namespace under another name (the one in the request's path). */
    public FunctionNamespace withName(String newName) {
        return new FunctionNamespace(newName, annotations, labels);
    }
}
