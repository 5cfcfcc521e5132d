package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import io.jfaas.cli.build.Template;
import io.jfaas.cli.build.Templates;
import io.jfaas.cli.stack.StackFile;
import io.jfaas.cli.stack.StackLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code faas-cli template pull [REPOSITORY_URL[#REF]]}: clones an OpenFaaS template repository (git, depth 1) and
 * copies each {@code template/LANG/} folder into {@code ./template/}, keeping the ones already there unless
 * {@code --overwrite}. Without a URL it writes the templates shipped inside this CLI, offline; {@code template pull
 * stack} pulls each source the stack file names under {@code configuration.templates}.
 */
@Command(name = "pull", description = "Downloads templates from the specified git repo")
public final class TemplatePullCommand implements Callable<Integer> {

    /** How long a clone may take before it is given up. */
    private static final long CLONE_MINUTES = 5;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "REPOSITORY_URL",
            description = "A git repository with a template/ folder, optionally #BRANCH_OR_TAG; or \"stack\"")
    String repository;

    @Option(names = "--overwrite", description = "Overwrite existing templates?")
    boolean overwrite;

    @Option(names = "--debug", description = "Enable debug output")
    boolean debug;

    @Option(names = {"-f", "--yaml"}, paramLabel = "FILE",
            description = "With \"stack\": the stack file whose configuration.templates to pull")
    String yaml;

    private final CliContext context;

    public TemplatePullCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Path target = context.resolve("template");
        if (repository == null || repository.isBlank()) {
            out.println("Writing the templates shipped with this faas-cli to ./template");
            out.flush();
            List<String> written = new ArrayList<>();
            List<String> kept = new ArrayList<>();
            for (String language : Templates.shipped().languages()) {
                Template template = Templates.shipped().find(language).orElseThrow();
                copyTemplate(template.root(), target.resolve(language), language, written, kept);
            }
            report(out, written, kept, "this faas-cli");
            return 0;
        }
        if (repository.equals("stack")) {
            pullStack(out, target);
        } else {
            pull(out, repository, target);
        }
        return 0;
    }

    /** {@code template pull stack}: every {@code configuration.templates} source of the stack file. */
    private void pullStack(PrintWriter out, Path target) throws IOException, InterruptedException {
        Path file = StackLoader.locate(context.workingDir(), yaml).orElseThrow(() -> new CliFailure(
                "no stack file: give one with -f (e.g. -f hello.yml), or create stack.yaml"));
        StackFile stack = StackLoader.load(file, context.env(), true);
        List<StackFile.TemplateSource> sources = stack.configuration() == null
                || stack.configuration().templates() == null ? List.of() : stack.configuration().templates();
        if (sources.isEmpty()) {
            throw new CliFailure("no templates to pull: " + file.getFileName() + " names none under"
                    + " configuration.templates (name and source)");
        }
        for (StackFile.TemplateSource source : sources) {
            if (source.source() == null || source.source().isBlank()) {
                throw new CliFailure("template " + source.name() + " in " + file.getFileName() + " has no source");
            }
            out.println("Pulling template: " + source.name() + " from configuration file: " + file.getFileName());
            pull(out, source.source(), target);
        }
    }

    /** Clones {@code repository} ({@code URL[#REF]}) and copies its templates into {@code target}. */
    private void pull(PrintWriter out, String repository, Path target) throws IOException, InterruptedException {
        String url = repository.contains("#") ? repository.substring(0, repository.indexOf('#')) : repository;
        String ref = repository.contains("#") ? repository.substring(repository.indexOf('#') + 1) : "";
        out.println("Fetch templates from repository: " + url + " at " + ref);
        out.flush();
        Path clone = Files.createTempDirectory("faas-cli-template-");
        try {
            gitClone(url, ref, clone);
            out.println("Attempting to expand templates from " + url);
            Path templates = clone.resolve("template");
            if (!Files.isDirectory(templates)) {
                throw new CliFailure("no templates in " + url + ": the repository has no template/ folder at its root"
                        + " (an OpenFaaS template repository holds template/LANG/template.yml)");
            }
            List<String> written = new ArrayList<>();
            List<String> kept = new ArrayList<>();
            try (Stream<Path> children = Files.list(templates)) {
                for (Path dir : children.sorted().toList()) {
                    if (Files.isRegularFile(dir.resolve("template.yml"))) {
                        String language = dir.getFileName().toString();
                        copyTemplate(dir, target.resolve(language), language, written, kept);
                    }
                }
            }
            report(out, written, kept, url);
        } finally {
            deleteTree(clone);
        }
    }

    private void copyTemplate(Path from, Path to, String language, List<String> written, List<String> kept)
            throws IOException {
        if (Files.exists(to) && !overwrite) {
            kept.add(language);
            return;
        }
        if (Files.exists(to)) {
            deleteTree(to);
        }
        Files.createDirectories(to);
        NewCommand.copyTree(from, to);
        written.add(language);
    }

    private static void report(PrintWriter out, List<String> written, List<String> kept, String source) {
        if (!kept.isEmpty()) {
            out.println("Cannot overwrite the following " + kept.size() + " template(s): " + names(kept)
                    + " (pull again with --overwrite to replace them)");
        }
        out.println("Fetched " + written.size() + " template(s) : " + names(written) + " from " + source);
        out.flush();
    }

    private static String names(List<String> languages) {
        return "[" + String.join(" ", languages) + "]";
    }

    private void gitClone(String url, String ref, Path into) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "clone", "--depth", "1"));
        if (!ref.isEmpty()) {
            command.addAll(List.of("--branch", ref));
        }
        command.addAll(List.of("--", url, into.toString()));
        // git's output goes to a file, so that the time limit holds even while git prints nothing
        Path log = Files.createTempFile("faas-cli-git-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("GIT_TERMINAL_PROMPT", "0"); // fail rather than wait for a password
        String output;
        Process git;
        try {
            try {
                git = builder.start();
            } catch (IOException e) {
                throw new CliFailure("git is needed to pull templates and was not found on the PATH: install git");
            }
            git.getOutputStream().close();
            if (!git.waitFor(CLONE_MINUTES, TimeUnit.MINUTES)) {
                git.destroyForcibly();
                throw new CliFailure("cloning " + url + " did not finish in " + CLONE_MINUTES + " minutes");
            }
            output = Files.readString(log, StandardCharsets.UTF_8).strip();
        } finally {
            Files.deleteIfExists(log);
        }
        if (debug && !output.isEmpty()) {
            spec.commandLine().getErr().println(output);
        }
        if (git.exitValue() != 0) {
            String last = output.lines().reduce((first, second) -> second).orElse("git exited " + git.exitValue());
            throw new CliFailure("unable to clone " + url + (ref.isEmpty() ? "" : " at " + ref) + ": " + last);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
