package io.jfaas.imagebuilder;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import com.google.cloud.tools.jib.event.events.ProgressEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * The images jfaas builds, assembled with jib-core without a container engine: the function runtime base, the
 * gateway and the operator (from scratch, on {@link JreRoot}), and function images (on the function runtime base).
 * Every image is reproducible: fixed file times, a fixed creation time, files in a fixed order.
 */
public final class Images {

    private Images() {
    }

    /** A Java runtime image from scratch: the runtime, the libraries, the user; no entrypoint yet. */
    public static JibContainerBuilder java(JreRoot jre) throws IOException {
        return Jib.fromScratch()
                .setFormat(ImageFormat.Docker)
                .setCreationTime(Instant.EPOCH)
                .addFileEntriesLayer(Layers.folder("jre", jre.javaHome(), ImageLayout.JAVA_HOME))
                .addFileEntriesLayer(Layers.system(jre))
                .setEnvironment(new TreeMap<>(ImageLayout.ENVIRONMENT))
                .setUser(ImageLayout.UID + ":" + ImageLayout.UID)
                .setWorkingDirectory(AbsoluteUnixPath.get(ImageLayout.HOME));
    }

    /**
     * The function runtime base: the Java runtime and the watchdog, started as the entrypoint (with no function
     * yet: a function image adds its jars and its own entrypoint).
     *
     * @param watchdogJars the watchdog and its libraries, in classpath order
     */
    public static JibContainerBuilder functionRuntime(JreRoot jre, List<Path> watchdogJars) throws IOException {
        JibContainerBuilder builder = java(jre);
        ImageLayout.WATCHDOG_ENVIRONMENT.forEach(builder::addEnvironmentVariable);
        return builder
                .addFileEntriesLayer(Layers.files("watchdog", watchdogJars, ImageLayout.WATCHDOG_DIR))
                .setEntrypoint(ImageLayout.watchdogCommand(ImageLayout.JAVA_HOME,
                        inFolder(ImageLayout.WATCHDOG_DIR, watchdogJars), List.of()))
                .setExposedPorts(Set.of(Port.tcp(8080), Port.tcp(8081)));
    }

    /**
     * A service (the gateway, the operator): its libraries in one layer, its jar in another (it changes more
     * often), and {@code /app/jib-classpath-file} so another main class runs with {@code java -cp @/app/jib-classpath-file}.
     *
     * @param classpathFile a scratch file the classpath file is written to
     */
    public static JibContainerBuilder service(JreRoot jre, Path appJar, List<Path> libraries, String mainClass,
                                              Path classpathFile, List<Integer> ports) throws IOException {
        List<String> classpath = new ArrayList<>();
        classpath.add(ImageLayout.APP_DIR + "/" + appJar.getFileName());
        classpath.addAll(inFolder(ImageLayout.APP_DIR + "/libs", libraries));
        Files.createDirectories(classpathFile.getParent());
        Files.writeString(classpathFile, String.join(":", classpath) + "\n", StandardCharsets.UTF_8);
        List<Port> exposed = ports.stream().map(Port::tcp).toList();
        return java(jre)
                .addFileEntriesLayer(Layers.files("libraries", libraries, ImageLayout.APP_DIR + "/libs"))
                .addFileEntriesLayer(Layers.files("classpath", List.of(classpathFile), ImageLayout.APP_DIR))
                .addFileEntriesLayer(Layers.files("application", List.of(appJar), ImageLayout.APP_DIR))
                .setEntrypoint(ImageLayout.serviceCommand(mainClass))
                .setExposedPorts(Set.copyOf(exposed));
    }

    /**
     * A function image: the function runtime base (a tar), the function's libraries, its jar, and its start-up
     * cache when there is one; the entrypoint runs the watchdog with the function.
     *
     * @param base the function runtime base, an image tar
     * @param watchdogClasspath the base's watchdog jars, inside the image
     * @param jars the function's jar first, then its libraries
     * @param cache the trained start-up cache, if any
     */
    public static JibContainerBuilder function(Path base, List<String> watchdogClasspath, List<Path> jars,
                                               Optional<Path> cache) {
        JibContainerBuilder builder = Jib.from(TarImage.at(base))
                .setFormat(ImageFormat.Docker)
                .setCreationTime(Instant.EPOCH);
        List<Path> libraries = jars.subList(1, jars.size());
        if (!libraries.isEmpty()) {
            builder.addFileEntriesLayer(Layers.files("libraries", libraries, ImageLayout.FUNCTION_DIR + "/lib"));
        }
        builder.addFileEntriesLayer(Layers.files("function", List.of(jars.getFirst()), ImageLayout.FUNCTION_DIR));
        cache.ifPresent(file -> builder.addFileEntriesLayer(Layers.files("startup-cache", List.of(file),
                ImageLayout.FUNCTION_DIR)));
        return builder.setEntrypoint(ImageLayout.watchdogCommand(ImageLayout.JAVA_HOME,
                functionClasspath(watchdogClasspath, jars),
                cache.map(file -> ImageLayout.useCache(ImageLayout.FUNCTION_DIR + "/" + file.getFileName()))
                        .orElse(List.of())));
    }

    /** The classpath inside a function image: the watchdog's jars, then the function's jar and libraries. */
    public static List<String> functionClasspath(List<String> watchdogClasspath, List<Path> jars) {
        List<String> classpath = new ArrayList<>(watchdogClasspath);
        classpath.add(ImageLayout.FUNCTION_DIR + "/" + jars.getFirst().getFileName());
        classpath.addAll(inFolder(ImageLayout.FUNCTION_DIR + "/lib", jars.subList(1, jars.size())));
        return List.copyOf(classpath);
    }

    /** The watchdog's classpath of a function runtime base, read from its entrypoint. */
    public static List<String> watchdogClasspath(ImageTar base) throws IOException {
        List<String> entrypoint = base.entrypoint();
        int cp = entrypoint.indexOf("-cp");
        if (cp < 0 || cp + 1 >= entrypoint.size() || !entrypoint.getLast().equals(ImageLayout.WATCHDOG_MAIN)) {
            throw new IOException(base.file() + " is not a jfaas function runtime base: its entrypoint "
                    + entrypoint + " does not start the watchdog");
        }
        return List.of(entrypoint.get(cp + 1).split(":"));
    }

    private static List<String> inFolder(String folder, List<Path> files) {
        return files.stream().map(f -> folder + "/" + f.getFileName()).toList();
    }

    /** Writes an image to a tar (Docker's format, as {@code podman load} reads it). */
    public static JibContainer toTar(JibContainerBuilder builder, Path tar, String name, Path workDir,
                                     Consumer<String> progress) throws IOException {
        try {
            Files.createDirectories(tar.toAbsolutePath().getParent());
            return containerize(builder, Containerizer.to(TarImage.at(tar).named(name)), workDir, progress, false);
        } catch (InvalidImageReferenceException e) {
            throw new IOException("invalid image name " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Pushes an image to a registry.
     *
     * @param credentials user and password, or empty for an anonymous push
     * @param allowInsecure whether plain HTTP and unverified certificates are allowed (a registry on localhost)
     */
    public static JibContainer push(JibContainerBuilder builder, String name, Optional<Map.Entry<String, String>> credentials,
                                    boolean allowInsecure, Path workDir, Consumer<String> progress) throws IOException {
        try {
            RegistryImage target = RegistryImage.named(name);
            credentials.ifPresent(c -> target.addCredential(c.getKey(), c.getValue()));
            return containerize(builder, Containerizer.to(target).setAllowInsecureRegistries(allowInsecure),
                    workDir, progress, allowInsecure);
        } catch (InvalidImageReferenceException e) {
            throw new IOException("invalid image name " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param insecureAllowed whether plain HTTP was allowed: then Jib's warnings about falling back from HTTPS are
     *     expected, and not shown
     */
    private static JibContainer containerize(JibContainerBuilder builder, Containerizer containerizer, Path workDir,
                                             Consumer<String> progress, boolean insecureAllowed) throws IOException {
        ProgressMeter meter = new ProgressMeter(progress);
        containerizer.setToolName("jfaas")
                .setBaseImageLayersCache(workDir.resolve("base-layers"))
                .setApplicationLayersCache(workDir.resolve("application-layers"))
                .addEventHandler(ProgressEvent.class, meter::accept)
                .addEventHandler(LogEvent.class, event -> {
                    boolean fallback = event.getMessage().startsWith("Cannot verify server at")
                            || event.getMessage().contains(" over HTTPS. Attempting again with HTTP");
                    if (event.getLevel() == LogEvent.Level.ERROR
                            || event.getLevel() == LogEvent.Level.WARN && !(insecureAllowed && fallback)) {
                        progress.accept(event.getMessage());
                    }
                });
        try {
            return builder.containerize(containerizer);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
        } catch (RegistryException | CacheDirectoryCreationException e) {
            throw new IOException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Turns Jib's progress events into a line per tenth of the work done. */
    private static final class ProgressMeter {
        private final Consumer<String> out;
        private double done;
        private int lastTenth;

        ProgressMeter(Consumer<String> out) {
            this.out = out;
        }

        synchronized void accept(ProgressEvent event) {
            done += event.getUnits() / (double) event.getAllocation().getAllocationUnits()
                    * event.getAllocation().getFractionOfRoot();
            int tenth = (int) Math.floor(done * 10 + 1e-9);
            if (tenth > lastTenth) {
                lastTenth = tenth;
                out.accept(String.format(Locale.ROOT, "  %3d%% %s", Math.min(100, tenth * 10),
                        event.getAllocation().getDescription()));
            }
        }
    }
}
