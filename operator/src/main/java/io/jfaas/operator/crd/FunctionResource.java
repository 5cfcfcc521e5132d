package io.jfaas.operator.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A function: {@code apiVersion: openfaas.com/v1, kind: Function}, the resource OpenFaaS's operator reconciled and
 * {@code faas-cli generate} prints. The operator turns it into a Deployment and a Service of {@code spec.name}, which
 * the API server holds equal to {@code metadata.name} (the CEL rule below): renaming would leave two Deployments.
 */
@Group(FunctionResource.GROUP)
@Version(FunctionResource.VERSION)
@Kind("Function")
@Plural("functions")
@Singular("function")
@AdditionalPrinterColumn(name = "Image", jsonPath = ".spec.image", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Healthy", jsonPath = ".status.conditions[?(@.type==\"Healthy\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Replicas", jsonPath = ".status.replicas", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Available", jsonPath = ".status.availableReplicas",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Unavailable", jsonPath = ".status.unavailableReplicas",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(value = "self.spec.name == self.metadata.name", message = "spec.name must equal metadata.name")
public class FunctionResource extends CustomResource<FunctionResourceSpec, FunctionResourceStatus>
        implements Namespaced {

    public static final String GROUP = "openfaas.com";
    public static final String VERSION = "v1";

    /** A Function named {@code name} in {@code namespace} with {@code spec}. */
    public static FunctionResource of(String namespace, String name, FunctionResourceSpec spec) {
        FunctionResource function = new FunctionResource();
        function.getMetadata().setName(name);
        function.getMetadata().setNamespace(namespace);
        function.setSpec(spec);
        return function;
    }

    @Override
    protected FunctionResourceSpec initSpec() {
        return new FunctionResourceSpec();
    }
}
