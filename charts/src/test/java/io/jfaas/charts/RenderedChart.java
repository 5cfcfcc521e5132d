package io.jfaas.charts;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The chart in {@code charts/jfaas} rendered by the Helm embedded in helm-java ({@code helm template}, offline), every
 * object parsed into fabric8's typed model.
 *
 * @param yaml what Helm printed
 * @param objects every object, in Helm's order
 */
record RenderedChart(String yaml, List<HasMetadata> objects) {

    static final Path CHART = locateChart();
    static final String RELEASE = "jfaas";
    static final String NAMESPACE = "openfaas";

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    /** {@code helm template jfaas charts/jfaas -n openfaas --set K=V ...}, the CRD included. */
    static RenderedChart render(Map<String, Object> values) {
        ApiServerStandIn.start();
        var template = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
        values.forEach(template::set);
        String yaml = template.call();
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
            if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                continue;
            }
            Object parsed = Serialization.unmarshal(document);
            if (!(parsed instanceof HasMetadata object)) {
                throw new AssertionError("not a Kubernetes object: " + document);
            }
            objects.add(object);
        }
        return new RenderedChart(yaml, List.copyOf(objects));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(
                "no " + type.getSimpleName() + " " + name + " in:\n" + yaml));
    }

    /** Every pod spec of the chart's workloads (all are Deployments). */
    List<PodSpec> podSpecs() {
        return all(Deployment.class).stream().map(d -> d.getSpec().getTemplate().getSpec()).toList();
    }

    /** A container's environment variable, as rendered. */
    static Optional<String> env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .map(e -> e.getValue());
    }

    /**
     * A Deployment's container environment as the kubelet gives it to the process: a Secret's key read from the
     * chart's own Secret of that name, a downward-API field a stand-in ({@code DEPLOYMENT-pod}), and each
     * {@code $(NAME)} in a value replaced by the variable of that name defined before it ({@code $$} is a literal
     * {@code $}; an unknown name stays as written), as Kubernetes expands them.
     */
    Map<String, String> environment(String deployment) {
        Container container = container(get(Deployment.class, deployment));
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (io.fabric8.kubernetes.api.model.EnvVar variable : container.getEnv()) {
            String value;
            if (variable.getValueFrom() == null) {
                value = expand(variable.getValue() == null ? "" : variable.getValue(), env);
            } else if (variable.getValueFrom().getSecretKeyRef() != null) {
                var ref = variable.getValueFrom().getSecretKeyRef();
                io.fabric8.kubernetes.api.model.Secret secret = get(io.fabric8.kubernetes.api.model.Secret.class,
                        ref.getName());
                value = secret.getStringData() != null && secret.getStringData().containsKey(ref.getKey())
                        ? secret.getStringData().get(ref.getKey())
                        : new String(java.util.Base64.getDecoder().decode(secret.getData().get(ref.getKey())),
                                java.nio.charset.StandardCharsets.UTF_8);
            } else {
                value = deployment + "-pod";
            }
            env.put(variable.getName(), value);
        }
        return env;
    }

    private static String expand(String value, Map<String, String> defined) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '$' && i + 1 < value.length() && value.charAt(i + 1) == '$') {
                out.append('$');
                i++;
            } else if (c == '$' && i + 1 < value.length() && value.charAt(i + 1) == '(' && value.indexOf(')', i) > 0) {
                int end = value.indexOf(')', i);
                String name = value.substring(i + 2, end);
                out.append(defined.containsKey(name) ? defined.get(name) : value.substring(i, end + 1));
                i = end;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static Container container(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
    }

    private static Path locateChart() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path chart = dir.resolve("charts").resolve("jfaas");
            if (Files.isRegularFile(chart.resolve("Chart.yaml"))) {
                return chart;
            }
            if (Files.isRegularFile(dir.resolve("jfaas").resolve("Chart.yaml"))) {
                return dir.resolve("jfaas");
            }
        }
        throw new IllegalStateException("charts/jfaas not found above " + Path.of("").toAbsolutePath());
    }
}
