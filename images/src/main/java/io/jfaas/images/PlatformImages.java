package io.jfaas.images;

import io.jfaas.imagebuilder.ImageLayout;
import io.jfaas.imagebuilder.Images;
import io.jfaas.imagebuilder.JreRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Builds the platform's images into tars, from what the build packaged: {@code function-runtime.tar} (the Java
 * runtime and the watchdog), {@code gateway.tar} (also the queue worker's, with another main class) and
 * {@code operator.tar}, named {@code ghcr.io/jfaas/NAME:TAG} with the release's tag.
 *
 * <p>Run by the build: {@code PlatformImages GATEWAY OPERATOR OUTPUT VERSION}, where GATEWAY and OPERATOR are the
 * gateway's and the operator's distribution archives unpacked ({@code gateway.jar}, {@code lib/}, and the gateway's
 * {@code watchdog/}), OUTPUT the folder for the tars, VERSION the project's version.
 */
public final class PlatformImages {

    /** The registry and organisation the chart's values name. */
    public static final String REPOSITORY = "ghcr.io/jfaas/";

    private static final String UNPACKED =
            "the build unpacks the services' distribution archives there (./mvnw package)";

    private PlatformImages() {
    }

    /** The images' tag for a project version: the release it leads to ({@code 0.1.0-SNAPSHOT} is {@code 0.1.0}). */
    public static String tagFor(String projectVersion) {
        return projectVersion.endsWith("-SNAPSHOT")
                ? projectVersion.substring(0, projectVersion.length() - "-SNAPSHOT".length()) : projectVersion;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: PlatformImages GATEWAY OPERATOR OUTPUT VERSION");
            System.exit(2);
        }
        Path gateway = Path.of(args[0]).toAbsolutePath().normalize();
        Path operator = Path.of(args[1]).toAbsolutePath().normalize();
        Path output = Path.of(args[2]).toAbsolutePath().normalize();
        String tag = tagFor(args[3]);
        long start = System.nanoTime();
        Path work = output.resolveSibling("jib-work");
        JreRoot jre = JreRoot.createIfMissing(Path.of(System.getProperty("java.home")), work.resolve("jre-root"));
        say(String.format(Locale.ROOT, "Java runtime ready in %.1fs: %s", seconds(start), jre.root()));

        List<Path> watchdog = List.of(require(gateway.resolve("watchdog/watchdog.jar")),
                require(gateway.resolve("watchdog/function-api.jar")), require(gateway.resolve("watchdog/jnats.jar")));

        build(Images.functionRuntime(jre, watchdog), output, "function-runtime", tag, work);
        build(Images.service(jre, require(gateway.resolve("gateway.jar")), jars(gateway.resolve("lib")),
                "io.jfaas.gateway.Gateway", work.resolve("gateway/jib-classpath-file"), List.of(8080, 8082))
                        // a container's loopback is its own: listen where the cluster reaches it
                        .addEnvironmentVariable("JFAAS_BIND_ADDRESS", "0.0.0.0")
                        // the options bin/gateway and the tests use, from the distribution's jvm.options
                        .setEntrypoint(ImageLayout.serviceCommand("io.jfaas.gateway.Gateway",
                                jvmOptions(require(gateway.resolve("jvm.options"))))),
                output, "gateway", tag, work);
        build(Images.service(jre, require(operator.resolve("operator.jar")), jars(operator.resolve("lib")),
                "io.jfaas.operator.Main", work.resolve("operator/jib-classpath-file"), List.of(8081)),
                output, "operator", tag, work);
        say(String.format(Locale.ROOT, "Images built in %.1fs: %s", seconds(start), output));
    }

    /** A jvm.options file: one option a line, # comments. */
    static List<String> jvmOptions(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    private static void build(com.google.cloud.tools.jib.api.JibContainerBuilder image, Path output, String name,
                              String tag, Path work) throws IOException {
        long start = System.nanoTime();
        String reference = REPOSITORY + name + ":" + tag;
        var container = Images.toTar(image, output.resolve(name + ".tar"), reference, work.resolve("cache"), line -> { });
        say(String.format(Locale.ROOT, "%s (%s) in %.1fs: %s", reference,
                container.getDigest().toString().substring(0, 19), seconds(start), output.resolve(name + ".tar")));
    }

    private static Path require(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is missing: " + UNPACKED);
        }
        return file;
    }

    private static List<Path> jars(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException(folder + " is missing: " + UNPACKED);
        }
        try (Stream<Path> files = Files.list(folder)) {
            return new ArrayList<>(files.filter(p -> p.toString().endsWith(".jar")).sorted().toList());
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void say(String line) {
        System.out.println("[images] " + line);
    }
}
