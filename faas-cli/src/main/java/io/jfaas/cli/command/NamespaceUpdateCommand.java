package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.api.NamespacesApi;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code faas-cli namespace update NAME [--label K=V] [--annotation K=V]}: OpenFaaS's wording. */
@Command(name = "update", description = "Update a namespace")
public final class NamespaceUpdateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GatewayOptions gatewayOptions;

    @Mixin
    NamespaceFields fields;

    @Parameters(index = "0", paramLabel = "NAME", description = "The namespace")
    String name;

    private final CliContext context;

    public NamespaceUpdateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        NamespacesApi api = new NamespacesApi(gatewayOptions.http(context, gatewayOptions.resolve(context),
                spec.commandLine().getErr()));
        out.println("Updating Namespace: " + name);
        out.flush();
        api.update(fields.namespace(name));
        out.println("Namespace Updated: " + name);
        out.flush();
        return 0;
    }
}
