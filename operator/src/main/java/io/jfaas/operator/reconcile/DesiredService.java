package io.jfaas.operator.reconcile;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.jfaas.operator.crd.FunctionResource;
import java.util.LinkedHashMap;
import java.util.Map;

/** The ClusterIP Service a Function asks for: port {@code http} 8080 to the pods labelled {@code faas_function}. */
public final class DesiredService {

    private DesiredService() {
    }

    public static Service build(FunctionResource function) {
        Map<String, String> annotations = new LinkedHashMap<>(function.getSpec().getAnnotations());
        // the Service port is the function, not its metrics: Prometheus scrapes the pods on 8081
        annotations.put("prometheus.io.scrape", "false");
        return new ServiceBuilder()
                .withNewMetadata()
                    .withName(Children.name(function))
                    .withNamespace(function.getMetadata().getNamespace())
                    .withLabels(Children.labels(function))
                    .withAnnotations(annotations)
                    .withOwnerReferences(Children.owner(function))
                .endMetadata()
                .withNewSpec()
                    .withType("ClusterIP")
                    .withSelector(Children.selector(function))
                    .addNewPort().withName("http").withProtocol("TCP").withPort(Children.HTTP_PORT)
                        .withNewTargetPort(Children.HTTP_PORT).endPort()
                .endSpec()
                .build();
    }
}
