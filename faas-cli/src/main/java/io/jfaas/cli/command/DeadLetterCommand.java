package io.jfaas.cli.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code faas-cli dead-letter}: the async calls that failed for good; alone, it prints its commands. */
@Command(name = "dead-letter", aliases = "dlq", description = "List and redrive async calls that failed on their last attempt",
        subcommands = {DeadLetterListCommand.class, DeadLetterRedriveCommand.class})
public final class DeadLetterCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
