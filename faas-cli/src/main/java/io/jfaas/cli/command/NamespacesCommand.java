package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.api.NamespacesApi;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code faas-cli namespaces}: the namespaces the gateway deploys functions to. */
@Command(name = "namespaces", aliases = "ns", description = "List OpenFaaS namespaces")
public final class NamespacesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GatewayOptions gatewayOptions;

    @Option(names = {"-j", "--json"}, description = "Output namespaces as JSON")
    boolean json;

    private final CliContext context;

    public NamespacesCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        return print(context, gatewayOptions, json, spec);
    }

    /** Lists and prints the namespaces; {@code namespace list} prints them the same way. */
    static int print(CliContext context, GatewayOptions gatewayOptions, boolean json, CommandSpec spec) {
        PrintWriter out = spec.commandLine().getOut();
        String url = gatewayOptions.resolve(context);
        List<String> namespaces = new NamespacesApi(gatewayOptions.http(context, url, spec.commandLine().getErr()))
                .list();
        if (json) {
            JsonOutput.print(out, namespaces);
        } else {
            out.println("Namespaces:");
            namespaces.forEach(namespace -> out.println(" - " + namespace));
        }
        out.flush();
        return 0;
    }
}
