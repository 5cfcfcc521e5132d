package io.jfaas.operator.cluster;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The permissions the chart in {@code charts/jfaas} gives the operator's service account: {@code helm template} with
 * the given values (Helm embedded in helm-java, offline), then every Role and ClusterRole bound to it.
 */
public final class ChartRbac {

    /** The chart's release name and namespace in the tests, as the chart tests render it. */
    public static final String RELEASE = "jfaas";
    public static final String RELEASE_NAMESPACE = "openfaas";
    /** The operator's service account, as the API server names the user. */
    public static final String SERVICE_ACCOUNT = "jfaas-operator";
    public static final String USER = "system:serviceaccount:" + RELEASE_NAMESPACE + ":" + SERVICE_ACCOUNT;

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    private ChartRbac() {
    }

    /**
     * One rule the account holds: in {@code namespace} (a RoleBinding), or everywhere ({@code namespace} empty, a
     * ClusterRoleBinding).
     */
    public record Grant(String binding, String namespace, PolicyRule rule) {

        boolean allows(RequestAttributes request) {
            if (!namespace.isEmpty() && !namespace.equals(request.namespace())) {
                return false;
            }
            return matches(rule.getApiGroups(), request.group())
                    && matches(rule.getResources(), request.qualifiedResource())
                    && matches(rule.getVerbs(), request.verb())
                    && (rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
                            || rule.getResourceNames().contains(request.name()));
        }

        private static boolean matches(List<String> allowed, String value) {
            return allowed != null && (allowed.contains(value) || allowed.contains("*"));
        }

        @Override
        public String toString() {
            return binding + (namespace.isEmpty() ? " (cluster-wide)" : " in " + namespace) + ": "
                    + rule.getApiGroups() + " " + rule.getResources() + " " + rule.getVerbs();
        }
    }

    /** The operator's grants with the chart rendered with {@code values} ({@code --set K=V}). */
    public static List<Grant> operatorGrants(Map<String, String> values) {
        var template = new Helm(chart()).template().withName(RELEASE).withNamespace(RELEASE_NAMESPACE)
                // the lookups of the basic-auth and nats-auth Secrets and of the function namespace would need an API
                // server; RBAC depends on none
                .set("generateBasicAuth", "false").set("nats.generateAuth", "false")
                .set("namespaces.createFunctions", "false");
        values.forEach(template::set);
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(template.call())) {
            if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                continue;
            }
            if (Serialization.unmarshal(document) instanceof HasMetadata object) {
                objects.add(object);
            }
        }
        List<Grant> grants = new ArrayList<>();
        for (HasMetadata object : objects) {
            if (object instanceof RoleBinding binding && boundToOperator(binding.getSubjects())) {
                String namespace = binding.getMetadata().getNamespace();
                for (PolicyRule rule : rules(objects, binding.getRoleRef(), namespace)) {
                    grants.add(new Grant("RoleBinding " + binding.getMetadata().getName(), namespace, rule));
                }
            } else if (object instanceof ClusterRoleBinding binding && boundToOperator(binding.getSubjects())) {
                for (PolicyRule rule : rules(objects, binding.getRoleRef(), null)) {
                    grants.add(new Grant("ClusterRoleBinding " + binding.getMetadata().getName(), "", rule));
                }
            }
        }
        if (grants.isEmpty()) {
            throw new IllegalStateException("the chart binds nothing to " + USER);
        }
        return List.copyOf(grants);
    }

    private static boolean boundToOperator(List<Subject> subjects) {
        return subjects != null && subjects.stream().anyMatch(s -> "ServiceAccount".equals(s.getKind())
                && SERVICE_ACCOUNT.equals(s.getName()) && RELEASE_NAMESPACE.equals(s.getNamespace()));
    }

    private static List<PolicyRule> rules(List<HasMetadata> objects, RoleRef ref, String namespace) {
        for (HasMetadata object : objects) {
            if (!object.getMetadata().getName().equals(ref.getName())) {
                continue;
            }
            if ("ClusterRole".equals(ref.getKind()) && object instanceof ClusterRole role) {
                return role.getRules();
            }
            if ("Role".equals(ref.getKind()) && object instanceof Role role
                    && role.getMetadata().getNamespace().equals(namespace)) {
                return role.getRules();
            }
        }
        throw new IllegalStateException("the chart binds " + ref.getKind() + " " + ref.getName()
                + ", which it does not define");
    }

    private static Path chart() {
        Path chart = Path.of(System.getProperty("chart.dir", "../charts/jfaas"));
        if (!Files.isRegularFile(chart.resolve("Chart.yaml"))) {
            throw new IllegalStateException("no chart at " + chart.toAbsolutePath() + " (system property chart.dir)");
        }
        return chart;
    }
}
