package io.jfaas.cli.command;

import io.jfaas.cli.deploy.DeploymentSpec;
import io.jfaas.model.FunctionNamespace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The labels and annotations {@code namespace create} and {@code namespace update} take; both always carry
 * {@code openfaas: "1"}, as OpenFaaS's Go SDK sends them (it marks a namespace as one that takes functions).
 */
final class NamespaceFields {

    @Option(names = {"-l", "--label"}, paramLabel = "LABEL=VALUE", description = "Set one or more label (LABEL=VALUE)")
    List<String> labels = new ArrayList<>();

    @Option(names = "--annotation", paramLabel = "ANNOTATION=VALUE",
            description = "Set one or more annotation (ANNOTATION=VALUE)")
    List<String> annotations = new ArrayList<>();

    FunctionNamespace namespace(String name) {
        return new FunctionNamespace(name, withOptIn(DeploymentSpec.parsePairs(annotations, "annotation")),
                withOptIn(DeploymentSpec.parsePairs(labels, "label")));
    }

    private static Map<String, String> withOptIn(Map<String, String> pairs) {
        Map<String, String> all = new LinkedHashMap<>(pairs);
        all.put("openfaas", "1");
        return all;
    }
}
