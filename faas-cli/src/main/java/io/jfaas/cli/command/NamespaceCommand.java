package io.jfaas.cli.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code faas-cli namespace}: the group of the namespace commands; alone, it prints their list. */
@Command(name = "namespace", description = "Query, create, update, and delete OpenFaaS namespaces",
        subcommands = {NamespaceListCommand.class, NamespaceCreateCommand.class, NamespaceGetCommand.class,
                NamespaceUpdateCommand.class, NamespaceDeleteCommand.class})
public final class NamespaceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
