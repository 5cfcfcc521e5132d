package io.jfaas.operator.reconcile;

import io.fabric8.kubernetes.api.model.Quantity;
import io.jfaas.model.Names;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API server's validation of what a Function puts into its Deployment (Kubernetes'
 * {@code apimachinery/pkg/util/validation}), so that a spec the API server would refuse is refused with a message
 * naming the field before anything is written: qualified names for label, annotation and node selector keys, label
 * values, the annotations' total size, environment variable names, and requests within limits. Pure.
 */
final class KubernetesRules {

    /** {@code TotalAnnotationSizeLimitB}: keys and values together. */
    static final int ANNOTATIONS_MAX_BYTES = 256 * 1024;
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

    private KubernetesRules() {
    }

    /** Why {@code key} is not a qualified name ({@code [prefix/]name}), or empty. */
    static Optional<String> qualifiedNameProblem(String key) {
        return Names.qualifiedNameProblem(key);
    }

    /** Why {@code value} is not a label value (empty is allowed), or empty. */
    static Optional<String> labelValueProblem(String value) {
        return Names.labelValueProblem(value);
    }

    static void labels(Map<String, String> labels) throws SpecProblem {
        for (Map.Entry<String, String> label : labels.entrySet()) {
            Optional<String> problem = qualifiedNameProblem(label.getKey())
                    .or(() -> labelValueProblem(label.getValue()));
            if (problem.isPresent()) {
                throw new SpecProblem(SpecProblem.INVALID_LABEL, "labels." + label.getKey() + ": " + problem.get());
            }
        }
    }

    static void annotations(Map<String, String> annotations) throws SpecProblem {
        long size = 0;
        for (Map.Entry<String, String> annotation : annotations.entrySet()) {
            Optional<String> problem = qualifiedNameProblem(annotation.getKey());
            if (problem.isPresent()) {
                throw new SpecProblem(SpecProblem.INVALID_ANNOTATION, "annotations." + annotation.getKey() + ": "
                        + problem.get());
            }
            size += annotation.getKey().length() + (annotation.getValue() == null ? 0 : annotation.getValue().length());
        }
        if (size > ANNOTATIONS_MAX_BYTES) {
            throw new SpecProblem(SpecProblem.INVALID_ANNOTATION, "annotations: " + size + " bytes in all, more than"
                    + " Kubernetes' " + ANNOTATIONS_MAX_BYTES);
        }
    }

    static void environment(Map<String, String> environment) throws SpecProblem {
        for (String name : environment.keySet()) {
            if (name == null || !ENV_NAME.matcher(name).matches()) {
                throw new SpecProblem(SpecProblem.INVALID_ENVIRONMENT, "environment." + name + ": \"" + name
                        + "\" is not a variable name: letters, digits, '_', '-' or '.', not starting with a digit");
            }
        }
    }

    /** A node selector entry from a constraint: a qualified name and a label value. */
    static void constraint(String constraint, String key, String value) throws SpecProblem {
        Optional<String> problem = qualifiedNameProblem(key).or(() -> labelValueProblem(value));
        if (problem.isPresent()) {
            throw new SpecProblem(SpecProblem.INVALID_CONSTRAINT, "constraints: \"" + constraint + "\": "
                    + problem.get());
        }
    }

    /** Each request at most its limit, as the API server requires. */
    static void requestsWithinLimits(Map<String, Quantity> requests, Map<String, Quantity> limits) throws SpecProblem {
        for (Map.Entry<String, Quantity> request : requests.entrySet()) {
            Quantity limit = limits.get(request.getKey());
            if (limit == null) {
                continue;
            }
            BigDecimal wanted = Quantity.getAmountInBytes(request.getValue());
            if (wanted.compareTo(Quantity.getAmountInBytes(limit)) > 0) {
                throw new SpecProblem(SpecProblem.INVALID_QUANTITY, "requests." + request.getKey() + ": "
                        + request.getValue() + " must be less than or equal to limits." + request.getKey() + " ("
                        + limit + ")");
            }
        }
    }
}
