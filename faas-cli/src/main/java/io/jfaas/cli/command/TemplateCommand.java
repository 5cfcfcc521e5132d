package io.jfaas.cli.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code faas-cli template}: OpenFaaS's template verbs ({@code pull}). */
@Command(name = "template", description = "OpenFaaS template store and pull commands",
        subcommands = {TemplatePullCommand.class})
public final class TemplateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
