package io.jfaas.cli.build;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import io.jfaas.cli.FaasCli;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the function runtime base (the image every function image is built on) is: {@code --runtime-image FILE},
 * else {@code JFAAS_FUNCTION_RUNTIME}, else the tar the jfaas checkout this faas-cli was built in made
 * ({@code images/target/jib/function-runtime.tar}, written by {@code ./mvnw install -DskipTests}).
 */
public final class FunctionRuntimeBase {

    /** The setting naming the function runtime base's tar. */
    public static final String ENV = "JFAAS_FUNCTION_RUNTIME";
    static final String IN_CHECKOUT = "images/target/jib/function-runtime.tar";

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
        } else if (context.env(ENV) != null) {
            tar = context.resolve(context.env(ENV));
            from = ENV;
        } else {
            Optional<Path> checkout = checkoutOfThisCli();
            if (checkout.isEmpty()) {
                throw new CliFailure("no function runtime base image: name its tar with --runtime-image FILE or "
                        + ENV + " (a jfaas checkout builds it with ./mvnw install -DskipTests into " + IN_CHECKOUT + ")");
            }
            tar = checkout.get().resolve(IN_CHECKOUT);
            from = "the jfaas checkout";
        }
        if (!Files.isRegularFile(tar)) {
            throw new CliFailure("the function runtime base image " + tar + " (from " + from + ") does not exist: run"
                    + " ./mvnw install -DskipTests in the jfaas checkout to build it, or name another tar with"
                    + " --runtime-image FILE or " + ENV);
        }
        return tar;
    }

    /** The checkout this faas-cli's jar was built in ({@code CHECKOUT/faas-cli/target/faas-cli.jar}), if it is one. */
    static Optional<Path> checkoutOfThisCli() {
        try {
            Path jar = Path.of(FaasCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = jar.getParent();
            if (target == null || target.getParent() == null || target.getParent().getParent() == null) {
                return Optional.empty();
            }
            Path checkout = target.getParent().getParent();
            return Files.isRegularFile(checkout.resolve("images/pom.xml")) ? Optional.of(checkout) : Optional.empty();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
