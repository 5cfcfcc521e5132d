package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import io.jfaas.cli.build.FunctionBuilder;
import io.jfaas.cli.build.FunctionImages;
import io.jfaas.cli.stack.StackFile.StackFunction;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code faas-cli build -f stack.yml}: builds each function into the local image store under its image name; with
 * {@code --tar FILE} also its OCI image, into the file.
 */
@Command(name = "build", description = "Builds OpenFaaS function containers: for java, a Maven build into the"
        + " local image store; --tar FILE also writes the OCI image")
public final class BuildCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stack;

    @Option(names = "--quiet", description = "Perform a quiet build, without showing output from Maven")
    boolean quiet;

    @Option(names = "--tar", paramLabel = "FILE", description = "Also build the function's OCI image (with a trained"
            + " start-up cache) into FILE, for podman load -i / docker load -i; one function at a time")
    String tar;

    @Mixin
    ImageOptions imageOptions;

    private final CliContext context;

    public BuildCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        StackOptions.Loaded loaded = stack.require(context);
        Map<String, StackFunction> functions = stack.select(loaded);
        FunctionImages images = null;
        if (tar != null) {
            // checked before a long build
            if (functions.size() != 1) {
                throw new CliFailure("--tar writes one function's image: choose one of " + functions.keySet()
                        + " with --filter");
            }
            images = imageOptions.images(context, spec.commandLine().getOut());
        }
        new FunctionBuilder(context, spec.commandLine().getOut(), quiet).buildAll(functions, loaded.dir());
        if (images != null) {
            Map.Entry<String, StackFunction> function = functions.entrySet().iterator().next();
            images.writeTar(function.getKey(), function.getValue(), loaded.dir(), context.resolve(tar));
        } else {
            spec.commandLine().getOut().println("Next: faas-cli deploy (local gateway), or faas-cli push to send the"
                    + " image to its registry; --tar FILE writes the image to a file.");
        }
        return 0;
    }
}
