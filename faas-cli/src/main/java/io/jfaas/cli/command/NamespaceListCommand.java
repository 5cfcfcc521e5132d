package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code faas-cli namespace list}: the same as {@code faas-cli namespaces}. */
@Command(name = "list", aliases = "ls", description = "List OpenFaaS namespaces")
public final class NamespaceListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GatewayOptions gatewayOptions;

    @Option(names = {"-j", "--json"}, description = "Output namespaces as JSON")
    boolean json;

    private final CliContext context;

    public NamespaceListCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        return NamespacesCommand.print(context, gatewayOptions, json, spec);
    }
}
