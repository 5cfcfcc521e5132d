package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.build.FunctionBuilder;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code faas-cli build -f stack.yml}: builds each function into the local image store under its image name. */
@Command(name = "build", description = "Builds OpenFaaS function containers: for java, a Maven build into the"
        + " local image store")
public final class BuildCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stack;

    @Option(names = "--quiet", description = "Perform a quiet build, without showing output from Maven")
    boolean quiet;

    private final CliContext context;

    public BuildCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        StackOptions.Loaded loaded = stack.require(context);
        new FunctionBuilder(context, spec.commandLine().getOut(), quiet).buildAll(stack.select(loaded), loaded.dir());
        return 0;
    }
}
