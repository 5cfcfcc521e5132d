package io.jfaas.operator.provider;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jfaas.contracts.Quantities;
import io.jfaas.model.AutoscalerStatus;
import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.FunctionStatus;
import io.jfaas.model.Labels;
import io.jfaas.operator.crd.AutoscalerDecision;
import io.jfaas.operator.crd.FunctionResource;
import io.jfaas.operator.crd.FunctionResourceSpec;
import io.jfaas.operator.crd.ResourceQuantities;
import io.jfaas.operator.reconcile.Children;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The REST shapes and the Function resource, both ways: a {@code FunctionDeployment} becomes a Function
 * ({@code envProcess} → {@code handler}, {@code envVars} → {@code environment}); a Function and its Deployment become a
 * {@code FunctionStatus} (replicas from the Deployment, limits and requests as canonical quantities). Pure.
 */
final class FunctionMapping {

    private FunctionMapping() {
    }

    /** The Function a deployment request asks for, named after the service, in the deployment's namespace. */
    static FunctionResource toFunction(FunctionDeployment deployment) {
        return FunctionResource.of(deployment.namespace(), deployment.service(), toSpec(deployment));
    }

    static FunctionResourceSpec toSpec(FunctionDeployment deployment) {
        FunctionResourceSpec spec = new FunctionResourceSpec();
        spec.setName(deployment.service());
        spec.setImage(deployment.image());
        spec.setHandler(deployment.envProcess() == null || deployment.envProcess().isBlank() ? null
                : deployment.envProcess());
        spec.setEnvironment(deployment.envVars());
        spec.setLabels(deployment.labels());
        spec.setAnnotations(deployment.annotations());
        spec.setConstraints(deployment.constraints());
        spec.setSecrets(deployment.secrets());
        spec.setLimits(toResources(deployment.limits()));
        spec.setRequests(toResources(deployment.requests()));
        spec.setReadOnlyRootFilesystem(deployment.readOnlyRootFilesystem());
        return spec;
    }

    private static ResourceQuantities toResources(io.jfaas.model.FunctionResources resources) {
        if (resources == null || resources.isUnset()) {
            return null;
        }
        return new ResourceQuantities(blankToNull(resources.cpu()), blankToNull(resources.memory()));
    }

    /** The status of {@code function}; {@code deployment} may be null (not created yet, or a problem stopped it). */
    static FunctionStatus toStatus(FunctionResource function, Deployment deployment) {
        FunctionResourceSpec spec = function.getSpec();
        Map<String, String> labels = new LinkedHashMap<>(spec.getLabels());
        labels.put(Labels.FAAS_FUNCTION, Children.name(function));
        long replicas = deployment == null || deployment.getSpec().getReplicas() == null ? 0
                : deployment.getSpec().getReplicas();
        long available = deployment == null || deployment.getStatus() == null
                || deployment.getStatus().getAvailableReplicas() == null ? 0
                : deployment.getStatus().getAvailableReplicas();
        String created = function.getMetadata().getCreationTimestamp();
        FunctionStatus status = new FunctionStatus(
                Children.name(function),
                spec.getImage(),
                function.getMetadata().getNamespace(),
                spec.getHandler(),
                spec.getEnvironment(),
                spec.getConstraints(),
                spec.getSecrets().stream().sorted().toList(),
                labels,
                spec.getAnnotations(),
                toWire(spec.getLimits()),
                toWire(spec.getRequests()),
                spec.isReadOnlyRootFilesystem(),
                0,
                replicas,
                available,
                created == null ? null : Instant.parse(created));
        AutoscalerDecision decision = function.getStatus() == null ? null : function.getStatus().getAutoscaler();
        if (decision == null || decision.getDesiredReplicas() == null || decision.getReplicas() == null) {
            return status;
        }
        return status.withAutoscaler(new AutoscalerStatus(decision.getDesiredReplicas(), decision.getReplicas(),
                decision.getMode(), decision.getLoad() == null ? 0 : decision.getLoad(), decision.getReason(),
                decision.getDecidedAt() == null ? null : Instant.parse(decision.getDecidedAt())));
    }

    /** Canonical quantities; an unset half is reported as {@code "0"}, as faas-netes does. */
    private static io.jfaas.model.FunctionResources toWire(ResourceQuantities resources) {
        if (resources == null || resources.isUnset()) {
            return null;
        }
        return new io.jfaas.model.FunctionResources(canonical(resources.memory()), canonical(resources.cpu()));
    }

    private static String canonical(String quantity) {
        if (quantity == null || quantity.isBlank()) {
            return "0";
        }
        return Quantities.isValid(quantity) ? Quantities.canonical(quantity) : quantity;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
