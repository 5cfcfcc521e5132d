package io.jfaas.cli.build;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the function runtime base (the image every function image is built on) is: {@code --runtime-image FILE},
 * else {@code JFAAS_FUNCTION_RUNTIME}. A jfaas checkout builds it into {@code images/target/jib/function-runtime.tar}
 * ({@code ./mvnw install -DskipTests}), and the checkout's {@code bin/faas-cli} sets {@code JFAAS_FUNCTION_RUNTIME} to
 * it when it is not set.
 */
public final class FunctionRuntimeBase {

    /** The setting naming the function runtime base's tar. */
    public static final String ENV = "JFAAS_FUNCTION_RUNTIME";
    private static final String HOW_TO_BUILD = "a jfaas checkout builds it with ./mvnw install -DskipTests into"
            + " images/target/jib/function-runtime.tar, and its bin/faas-cli names that tar";

    private FunctionRuntimeBase() {
    }

    /**
     * The base's tar, which must exist.
     *
     * @param flag the {@code --runtime-image} value, or null
     */
    public static Path locate(CliContext context, String flag) {
        Path tar;
        String from;
        if (flag != null && !flag.isBlank()) {
            tar = context.resolve(flag);
            from = "--runtime-image";
        } else if (context.env(ENV) != null && !context.env(ENV).isBlank()) {
            tar = context.resolve(context.env(ENV));
            from = ENV;
        } else {
            throw new CliFailure("no function runtime base image: name its tar with --runtime-image FILE or " + ENV
                    + " (" + HOW_TO_BUILD + ")");
        }
        if (!Files.isRegularFile(tar)) {
            throw new CliFailure("the function runtime base image " + tar + " (from " + from + ") does not exist: "
                    + "name another tar with --runtime-image FILE or " + ENV + " (" + HOW_TO_BUILD + ")");
        }
        return tar;
    }
}
