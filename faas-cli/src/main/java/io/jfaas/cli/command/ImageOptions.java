package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.build.FunctionImages;
import io.jfaas.cli.build.FunctionRuntimeBase;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** Where function images are built from: the function runtime base's tar. */
final class ImageOptions {

    @Option(names = "--runtime-image", paramLabel = "FILE", description = "The function runtime base image (a tar)"
            + " function images are built on (default: $" + FunctionRuntimeBase.ENV + ", which a jfaas checkout's"
            + " bin/faas-cli sets to its images/target/jib/function-runtime.tar)")
    String runtimeImage;

    FunctionImages images(CliContext context, PrintWriter out) {
        return new FunctionImages(context, out, FunctionRuntimeBase.locate(context, runtimeImage));
    }
}
