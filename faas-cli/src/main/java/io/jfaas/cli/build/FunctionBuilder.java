package io.jfaas.cli.build;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import io.jfaas.cli.stack.StackFile.StackFunction;
import io.jfaas.imagestore.ImageRef;
import io.jfaas.imagestore.LocalImage;
import io.jfaas.imagestore.LocalImageStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Help.Ansi;

/**
 * Builds functions: for the {@code java} template, {@code mvn package} in the handler folder (tests included), then
 * the function's jar and its runtime libraries go into the local image store under the {@code image:} name. Maven's
 * output is shown as it runs, unless quiet; a failed build shows its errors.
 */
public final class FunctionBuilder {

    private static final int MAX_ERROR_LINES = 30;

    private final CliContext context;
    private final PrintWriter out;
    private final boolean quiet;
    private final Templates templates;
    private final MavenRunner maven;
    private final LocalImageStore images;

    public FunctionBuilder(CliContext context, PrintWriter out, boolean quiet) {
        this.context = context;
        this.out = out;
        this.quiet = quiet;
        this.templates = Templates.forWorkingDir(context.workingDir());
        this.maven = new MavenRunner(context);
        this.images = new LocalImageStore(LocalImageStore.defaultRoot(context.env()));
    }

    public Templates templates() {
        return templates;
    }

    /**
     * Builds the functions of a stack that are not {@code skip_build}, one after another, then prints the total
     * time. Fails, after trying them all, with every error.
     */
    public void buildAll(Map<String, StackFunction> functions, Path stackDir) {
        long start = System.nanoTime();
        List<String> errors = new ArrayList<>();
        functions.forEach((name, function) -> {
            if (function.skipBuild()) {
                out.println("Skipping build of: " + name + ".");
                return;
            }
            try {
                build(name, function, stackDir);
            } catch (CliFailure e) {
                errors.add(e.getMessage());
            }
        });
        out.println();
        yellow(String.format(Locale.ROOT, "Total build time: %1.2fs", (System.nanoTime() - start) / 1e9));
        if (!errors.isEmpty()) {
            throw new CliFailure("Errors received during build:\n- " + String.join("\n- ", errors));
        }
    }

    /**
     * Builds one function of a stack.
     *
     * @param stackDir the stack file's folder, which {@code handler:} is relative to
     * @return the stored image
     */
    public LocalImage build(String name, StackFunction function, Path stackDir) {
        long start = System.nanoTime();
        yellow("[0] > Building " + name + ".");
        if (function.lang() == null || function.lang().isBlank()) {
            throw new CliFailure("Please provide a valid language for your function.");
        }
        if (function.image() == null || function.image().isBlank()) {
            throw new CliFailure("please provide a valid image: name for " + name + " in the stack file");
        }
        ImageRef ref;
        try {
            ref = ImageRef.parse(function.image());
        } catch (IllegalArgumentException e) {
            throw new CliFailure(name + ": " + e.getMessage());
        }
        Template template = templates.require(function.lang());
        if (!template.language().equals("java")) {
            throw new CliFailure("language template: " + function.lang() + " not supported: jfaas builds java"
                    + " functions without a container engine; other languages need an image built elsewhere");
        }
        Path handler = handlerDir(name, function, stackDir);
        if (!Files.isRegularFile(handler.resolve("pom.xml"))) {
            throw new CliFailure("building " + name + ", " + function.handler() + " is an invalid path: "
                    + handler.resolve("pom.xml") + " does not exist");
        }
        out.println("Building: " + ref + " with " + function.lang() + " template. Please wait..");
        out.flush();
        LocalImage image;
        try {
            new FunctionApiInstaller(maven).ensureInstalled(this::say);
            List<String> errors = new ArrayList<>();
            int exit = maven.run(handler, List.of("package"), line -> {
                if (isError(line) && errors.size() < MAX_ERROR_LINES) {
                    errors.add(line);
                }
                if (!quiet) {
                    out.println(line);
                    out.flush();
                }
            });
            if (exit != 0) {
                throw new CliFailure("[" + name + "] received non-zero exit code " + exit + " from build, error:\n"
                        + String.join("\n", errors));
            }
            image = images.store(ref, jarsOf(handler));
        } catch (IOException e) {
            throw new CliFailure("[" + name + "] build failed: " + e.getMessage(), e);
        }
        out.println("Image: " + ref + " built (" + image.digest().substring(0, 19) + ", local image store "
                + images.root() + ").");
        yellow(String.format(Locale.ROOT, "[0] < Building %s done in %1.2fs.", name, (System.nanoTime() - start) / 1e9));
        return image;
    }

    /** A function's handler folder: {@code handler:}, relative to the stack file's folder. */
    static Path handlerDir(String name, StackFunction function, Path stackDir) {
        return stackDir.resolve(function.handler() == null ? name : function.handler()).normalize();
    }

    /** What a build of the handler made: {@code target/function.jar}, then {@code target/lib/*.jar} in name order. */
    static List<Path> jarsOf(Path handler) throws IOException {
        Path jar = handler.resolve("target").resolve("function.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IOException("the build made no " + jar + ": keep <finalName>function</finalName> in pom.xml");
        }
        List<Path> jars = new ArrayList<>();
        jars.add(jar);
        Path lib = handler.resolve("target").resolve("lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> libs = Files.list(lib)) {
                libs.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(jars::add);
            }
        }
        return jars;
    }

    private static boolean isError(String line) {
        return line.startsWith("[ERROR]") && !line.startsWith("[ERROR] -> [Help")
                && !line.startsWith("[ERROR] Re-run Maven") && !line.startsWith("[ERROR] To see the full")
                && !line.startsWith("[ERROR] For more information") && !line.startsWith("[ERROR] [Help")
                && !line.equals("[ERROR] ");
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }

    private void yellow(String line) {
        out.println(Ansi.AUTO.string("@|yellow " + line + "|@"));
        out.flush();
    }
}
