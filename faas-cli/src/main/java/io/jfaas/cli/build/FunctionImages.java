package io.jfaas.cli.build;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import io.jfaas.cli.stack.StackFile.StackFunction;
import io.jfaas.imagebuilder.ImageTar;
import io.jfaas.imagebuilder.Images;
import io.jfaas.imagebuilder.StartupCacheTraining;
import io.jfaas.imagestore.ImageRef;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A function's OCI image, built with jib-core on the function runtime base from what {@code faas-cli build} packaged
 * (no container engine): the function's libraries, its jar and a start-up cache trained on them, then written to a
 * tar or pushed to the registry its {@code image:} names. The same inputs give the same image.
 */
public final class FunctionImages {

    private final CliContext context;
    private final PrintWriter out;
    private final Path runtimeBase;

    /**
     * @param runtimeBase the function runtime base's tar ({@link FunctionRuntimeBase#locate})
     */
    public FunctionImages(CliContext context, PrintWriter out, Path runtimeBase) {
        this.context = context;
        this.out = out;
        this.runtimeBase = runtimeBase;
    }

    /** Builds a function's image into a tar file, named by its {@code image:}. */
    public void writeTar(String name, StackFunction function, Path stackDir, Path tar) {
        String reference = reference(name, function);
        long start = System.nanoTime();
        withImage(name, function, stackDir, (image, work) -> {
            say("Writing image " + reference + " to " + tar + ".");
            JibContainer container = Images.toTar(image, tar, reference, work, this::say);
            say(String.format(Locale.ROOT, "Image: %s written to %s (%s) in %.1fs.", reference, tar,
                    container.getDigest().toString().substring(0, 19), seconds(start)));
            say("Next: podman load -i " + tar + " (or docker load -i " + tar + ").");
        });
    }

    /** Builds a function's image and pushes it to the registry its {@code image:} names. */
    public void push(String name, StackFunction function, Path stackDir) {
        String reference = reference(name, function);
        String registry;
        try {
            registry = ImageReference.parse(reference).getRegistry();
        } catch (InvalidImageReferenceException e) {
            throw new CliFailure(name + ": invalid image " + reference + ": " + e.getMessage());
        }
        Optional<Map.Entry<String, String>> credentials = RegistryCredentials.forRegistry(context, registry);
        boolean loopback = isLoopback(registry);
        if (loopback) {
            // a registry on this machine is often plain HTTP; Jib sends credentials over HTTP only when told to
            System.setProperty("sendCredentialsOverHttp", "true");
            say(registry + " is on this machine: plain HTTP and unverified certificates are allowed.");
        }
        long start = System.nanoTime();
        withImage(name, function, stackDir, (image, work) -> {
            say("Pushing " + reference + " to " + registry + (credentials.isPresent()
                    ? " as " + credentials.get().getKey() : " without credentials (none for " + registry + " in "
                    + RegistryCredentials.configFile(context) + ")") + ".");
            JibContainer container;
            try {
                container = Images.push(image, reference, credentials, loopback, work, this::say);
            } catch (IOException e) {
                String login = "docker login " + registry + " (or put auths." + registry + ".auth in "
                        + RegistryCredentials.configFile(context) + ")";
                throw new IOException("push to " + registry + " failed: " + e.getMessage()
                        + (credentials.isEmpty() ? "\nIf the registry needs a login, run " + login
                        : "\nCheck the login " + credentials.get().getKey() + " for " + registry + ": " + login), e);
            }
            say(String.format(Locale.ROOT, "Pushed %s@%s in %.1fs.", reference, container.getDigest(),
                    seconds(start)));
        });
    }

    @FunctionalInterface
    private interface ImageUse {
        void use(JibContainerBuilder image, Path workDir) throws IOException;
    }

    private void withImage(String name, StackFunction function, Path stackDir, ImageUse use) {
        Path handler = FunctionBuilder.handlerDir(name, function, stackDir);
        Path work = null;
        try {
            List<Path> jars;
            try {
                jars = FunctionBuilder.jarsOf(handler);
            } catch (IOException e) {
                throw new CliFailure("[" + name + "] nothing built to make an image of: " + e.getMessage()
                        + "\nRun faas-cli build -f STACK first.");
            }
            work = Files.createTempDirectory("jfaas-image-");
            say("[" + name + "] Building the image on " + runtimeBase + ".");
            ImageTar base = ImageTar.read(runtimeBase);
            Path cache = work.resolve("training").resolve("function.aot");
            Optional<Path> trained = train(name, base, jars, work.resolve("training"), cache);
            use.use(Images.function(runtimeBase, Images.watchdogClasspath(base), jars, trained), work.resolve("jib"));
        } catch (IOException e) {
            throw new CliFailure("[" + name + "] image: " + e.getMessage(), e);
        } finally {
            deleteQuietly(work);
        }
    }

    private Optional<Path> train(String name, ImageTar base, List<Path> jars, Path work, Path cache) {
        long start = System.nanoTime();
        try {
            StartupCacheTraining.train(base, jars, work, cache, this::say);
            say(String.format(Locale.ROOT, "  start-up cache trained in %.1fs (%d KiB).", seconds(start),
                    Files.size(cache) / 1024));
            return Optional.of(cache);
        } catch (IOException e) {
            say("[" + name + "] Warning: no start-up cache, the image starts without one: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static String reference(String name, StackFunction function) {
        try {
            return ImageRef.parse(function.image()).toString();
        } catch (IllegalArgumentException e) {
            throw new CliFailure(name + ": " + e.getMessage());
        }
    }

    static boolean isLoopback(String registry) {
        String host = registry.replaceFirst(":\\d+$", "");
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
