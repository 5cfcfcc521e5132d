package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import io.jfaas.cli.build.FunctionImages;
import io.jfaas.cli.stack.StackFile.StackFunction;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code faas-cli push}: builds each function's image from what {@code faas-cli build} packaged and pushes it to the
 * registry its {@code image:} names, with the credentials of {@code ~/.docker/config.json}.
 */
@Command(name = "push", description = "Pushes OpenFaaS function images to the registry named by image: in the"
        + " stack file (built without a container engine on the function runtime base)")
public final class PushCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stack;

    @Mixin
    ImageOptions imageOptions;

    private final CliContext context;

    public PushCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        StackOptions.Loaded loaded = stack.require(context);
        PrintWriter out = spec.commandLine().getOut();
        pushAll(stack.select(loaded), loaded, imageOptions.images(context, out), out);
        out.println("Next: faas-cli deploy (the cluster pulls the images from their registry).");
        return 0;
    }

    /** Pushes every function that is not {@code skip_build}; fails afterwards naming each that failed. */
    static void pushAll(Map<String, StackFunction> functions, StackOptions.Loaded loaded, FunctionImages images,
                        PrintWriter out) {
        List<String> errors = new ArrayList<>();
        functions.forEach((name, function) -> {
            if (function.skipBuild()) {
                out.println("Skipping push of: " + name + " (skip_build).");
                return;
            }
            try {
                images.push(name, function, loaded.dir());
            } catch (CliFailure e) {
                errors.add(e.getMessage());
            }
        });
        if (!errors.isEmpty()) {
            throw new CliFailure("Errors received during push:\n- " + String.join("\n- ", errors));
        }
    }
}
