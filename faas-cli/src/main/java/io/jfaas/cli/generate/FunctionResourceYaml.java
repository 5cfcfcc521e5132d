package io.jfaas.cli.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.FunctionResources;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One function as an {@code openfaas.com/v1} Function resource (the CRD in {@code charts/jfaas/crds}): metadata name
 * and namespace; spec name, image, handler (the watchdog's {@code fprocess}), environment, labels, annotations,
 * secrets, limits, requests, constraints and readOnlyRootFilesystem. Empty fields are left out; maps are sorted so the
 * output is the same on every run.
 */
public final class FunctionResourceYaml {

    /** The only API {@code generate} writes. */
    public static final String API_VERSION = "openfaas.com/v1";
    public static final String KIND = "Function";

    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .build())
            .build();

    private FunctionResourceYaml() {
    }

    /**
     * The resource, as a YAML document that starts with {@code ---}.
     *
     * @param deployment the function as {@code deploy} would send it
     * @param namespace its namespace when the deployment has none
     */
    public static String yaml(FunctionDeployment deployment, String namespace) {
        try {
            return YAML.writeValueAsString(tree(deployment, namespace));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings, lists and maps is always writable as YAML", e);
        }
    }

    /** The resource as nested maps, in the order the fields are written. */
    static Map<String, Object> tree(FunctionDeployment deployment, String namespace) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", deployment.service());
        metadata.put("namespace", deployment.namespace() == null ? namespace : deployment.namespace());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", deployment.service());
        spec.put("image", deployment.image());
        putIfPresent(spec, "handler", deployment.envProcess());
        putIfPresent(spec, "environment", sorted(deployment.envVars()));
        putIfPresent(spec, "labels", sorted(deployment.labels()));
        putIfPresent(spec, "annotations", sorted(deployment.annotations()));
        putIfPresent(spec, "secrets", deployment.secrets());
        putIfPresent(spec, "limits", resources(deployment.limits()));
        putIfPresent(spec, "requests", resources(deployment.requests()));
        putIfPresent(spec, "constraints", deployment.constraints());
        if (deployment.readOnlyRootFilesystem()) {
            spec.put("readOnlyRootFilesystem", true);
        }
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("apiVersion", API_VERSION);
        resource.put("kind", KIND);
        resource.put("metadata", metadata);
        resource.put("spec", spec);
        return resource;
    }

    private static Map<String, String> resources(FunctionResources resources) {
        Map<String, String> out = new LinkedHashMap<>();
        if (resources != null) {
            putIfPresent(out, "cpu", resources.cpu());
            putIfPresent(out, "memory", resources.memory());
        }
        return out;
    }

    private static Map<String, String> sorted(Map<String, String> map) {
        return new TreeMap<>(map);
    }

    @SuppressWarnings("unchecked")
    private static <V> void putIfPresent(Map<String, V> map, String key, Object value) {
        boolean empty = value == null
                || value instanceof String s && s.isBlank()
                || value instanceof Map<?, ?> m && m.isEmpty()
                || value instanceof List<?> l && l.isEmpty();
        if (!empty) {
            map.put(key, (V) value);
        }
    }
}
