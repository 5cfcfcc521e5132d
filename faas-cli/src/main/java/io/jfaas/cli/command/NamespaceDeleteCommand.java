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

/** {@code faas-cli namespace delete NAME}: refused while functions or secrets are in it. */
@Command(name = "delete", aliases = {"remove", "rm"}, description = "Delete existing namespace")
public final class NamespaceDeleteCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GatewayOptions gatewayOptions;

    @Parameters(index = "0", paramLabel = "NAME", description = "The namespace")
    String name;

    private final CliContext context;

    public NamespaceDeleteCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        NamespacesApi api = new NamespacesApi(gatewayOptions.http(context, gatewayOptions.resolve(context),
                spec.commandLine().getErr()));
        out.println("Deleting Namespace: " + name);
        out.flush();
        api.delete(name);
        out.println("Namespace Deleted: " + name);
        out.flush();
        return 0;
    }
}
