package io.jfaas.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.FunctionResources;
import io.jfaas.model.Names;
import io.jfaas.contracts.Quantities;
import io.jfaas.model.SyncTransport;
import io.jfaas.scaling.ScalingPolicy;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a deployment must be before it is accepted (and answered 202), whatever provider runs it: no null inside any
 * field; secret references that are secret names (never paths); environment variables a process can be started with
 * (a name without {@code =}, control characters or NUL, a value without NUL, and sizes an {@code execve} accepts);
 * label, annotation and constraint strings without NUL; a function name, an image, a transport annotation and
 * {@code com.openfaas.scale.*} labels that can be read; limits and requests that are quantities. Each problem names
 * the field. The gateway checks every deployment it is given with {@link #validated}, and so do the operator's
 * provider API and its reconciler (for a Function written with kubectl): one set of rules for every mode.
 */
public final class DeploymentRules {

    /** Linux refuses one environment string longer than 128 KiB ({@code MAX_ARG_STRLEN}). */
    public static final int MAX_ENV_ENTRY = 64 * 1024;
    /** All of a function's variables together, well inside what {@code execve} takes with the JVM's own arguments. */
    public static final int MAX_ENV_TOTAL = 256 * 1024;

    private DeploymentRules() {
    }

    /** The first null nested in {@code tree} (an object's member or a list's item), named by its path. */
    public static Optional<String> nestedNull(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            return Optional.empty();
        }
        Iterator<Map.Entry<String, JsonNode>> fields = tree.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            Optional<String> found = nullIn(field.getValue(), field.getKey());
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> nullIn(JsonNode node, String path) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isNull()) {
                    return Optional.of(path + "." + field.getKey() + ": must not be null");
                }
                Optional<String> found = nullIn(field.getValue(), path + "." + field.getKey());
                if (found.isPresent()) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (node.get(i).isNull()) {
                    return Optional.of(path + "[" + i + "]: must not be null");
                }
                Optional<String> found = nullIn(node.get(i), path + "[" + i + "]");
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * {@code deployment} with its limits and requests in canonical form, or {@link ProviderException.Kind#INVALID}
     * with {@code validation failed: } and the problems found, each naming its field.
     */
    public static FunctionDeployment validated(FunctionDeployment deployment) {
        problem(deployment).ifPresent(problem -> {
            throw invalid(problem);
        });
        return new FunctionDeployment(deployment.service(), deployment.image(), deployment.namespace(),
                deployment.envProcess(), deployment.envVars(), deployment.constraints(), deployment.secrets(),
                deployment.labels(), deployment.annotations(), canonical(deployment.limits(), "limits"),
                canonical(deployment.requests(), "requests"), deployment.readOnlyRootFilesystem());
    }

    /** What is wrong with {@code deployment}, each problem naming its field; empty when it may be deployed. */
    public static Optional<String> problem(FunctionDeployment deployment) {
        List<String> problems = problems(deployment);
        if (!problems.isEmpty()) {
            return Optional.of(String.join("; ", problems));
        }
        Optional<String> name = Names.functionNameProblem(deployment.service());
        if (name.isPresent()) {
            return name;
        }
        if (deployment.image() == null || deployment.image().isBlank()) {
            return Optional.of("image: is required");
        }
        Optional<String> transport = SyncTransport.annotationProblem(deployment);
        if (transport.isPresent()) {
            return transport;
        }
        try {
            ScalingPolicy.fromLabels(deployment.labels());
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        try {
            canonical(deployment.limits(), "limits");
            canonical(deployment.requests(), "requests");
        } catch (ProviderException e) {
            return Optional.of(e.getMessage().substring(VALIDATION_FAILED.length()));
        }
        return Optional.empty();
    }

    private static final String VALIDATION_FAILED = "validation failed: ";

    private static ProviderException invalid(String problem) {
        return new ProviderException(ProviderException.Kind.INVALID, VALIDATION_FAILED + problem);
    }

    private static FunctionResources canonical(FunctionResources resources, String field) {
        if (resources == null || resources.isUnset()) {
            return null;
        }
        return new FunctionResources(quantity(resources.memory(), field + ".memory"),
                quantity(resources.cpu(), field + ".cpu"));
    }

    private static String quantity(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Quantities.canonical(value);
        } catch (IllegalArgumentException e) {
            throw invalid(field + ": " + e.getMessage());
        }
    }

    /** Every problem of {@code deployment}'s contents, each naming its field; empty when none. */
    static List<String> problems(FunctionDeployment deployment) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < deployment.secrets().size(); i++) {
            String secret = deployment.secrets().get(i);
            int index = i;
            Names.secretNameProblem(secret).ifPresent(problem -> problems.add("secrets[" + index + "]: \"" + secret
                    + "\" is not a secret name (a DNS-1123 subdomain, never a path)"));
        }
        long total = 0;
        for (Map.Entry<String, String> variable : deployment.envVars().entrySet()) {
            String name = variable.getKey();
            String value = variable.getValue();
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                problems.add("envVars: \"" + printable(name) + "\" is not a variable name (no '=', no control"
                        + " characters, not empty)");
            } else if (value.indexOf('\0') >= 0) {
                problems.add("envVars." + name + ": the value contains a NUL character");
            } else if (name.length() + value.length() + 1 > MAX_ENV_ENTRY) {
                problems.add("envVars." + name + ": longer than " + MAX_ENV_ENTRY + " characters");
            }
            total += name.length() + value.length() + 2;
        }
        if (total > MAX_ENV_TOTAL) {
            problems.add("envVars: " + total + " characters in all, more than " + MAX_ENV_TOTAL);
        }
        if (deployment.envProcess() != null && deployment.envProcess().indexOf('\0') >= 0) {
            problems.add("envProcess: contains a NUL character");
        }
        nul("labels", deployment.labels()).ifPresent(problems::add);
        nul("annotations", deployment.annotations()).ifPresent(problems::add);
        for (int i = 0; i < deployment.constraints().size(); i++) {
            if (deployment.constraints().get(i).indexOf('\0') >= 0) {
                problems.add("constraints[" + i + "]: contains a NUL character");
            }
        }
        return problems;
    }

    private static Optional<String> nul(String field, Map<String, String> map) {
        for (Map.Entry<String, String> entry : map.entrySet()) {
            if (entry.getKey().isEmpty() || entry.getKey().indexOf('\0') >= 0 || entry.getValue().indexOf('\0') >= 0) {
                return Optional.of(field + ": \"" + printable(entry.getKey()) + "\" has an empty name or a NUL"
                        + " character");
            }
        }
        return Optional.empty();
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", c) : (char) c));
        return out.toString();
    }
}
