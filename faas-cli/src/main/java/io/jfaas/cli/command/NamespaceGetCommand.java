package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import io.jfaas.cli.api.NamespacesApi;
import io.jfaas.model.FunctionNamespace;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code faas-cli namespace get NAME}: its name, labels and annotations, in {@code describe}'s layout. */
@Command(name = "get", description = "Get existing namespace")
public final class NamespaceGetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GatewayOptions gatewayOptions;

    @Parameters(index = "0", paramLabel = "NAME", description = "The namespace")
    String name;

    private final CliContext context;

    public NamespaceGetCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        NamespacesApi api = new NamespacesApi(gatewayOptions.http(context, gatewayOptions.resolve(context),
                spec.commandLine().getErr()));
        FunctionNamespace namespace = api.get(name)
                .orElseThrow(() -> new CliFailure("namespace " + name + " not found"));
        out.println("Name: " + namespace.name());
        print(out, "Labels", namespace.labels());
        print(out, "Annotations", namespace.annotations());
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, String label, Map<String, String> values) {
        if (values.isEmpty()) {
            out.println(label + ": <none>");
            return;
        }
        out.println(label + ":");
        new TreeMap<>(values).forEach((key, value) -> out.println(" " + key + ": " + value));
    }
}
