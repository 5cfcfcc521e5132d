package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import io.jfaas.cli.build.Template;
import io.jfaas.cli.build.Templates;
import io.jfaas.cli.stack.GatewayUrl;
import io.jfaas.cli.stack.StackLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code faas-cli new NAME --lang java}: a function folder from a template, and its stack file. */
@Command(name = "new", description = "Create a new template in the current folder with the name given as name")
public final class NewCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "FUNCTION_NAME", description = "The function's name")
    String name;

    @Option(names = "--lang", paramLabel = "LANG", description = "Language or template to use")
    String lang;

    @Option(names = {"-g", "--gateway"}, paramLabel = "URL", description = "Gateway URL to store in YAML stack file")
    String gateway;

    @Option(names = "--handler", paramLabel = "DIR", description = "Directory the handler will be written to")
    String handler;

    @Option(names = {"-p", "--prefix"}, paramLabel = "PREFIX", description = "Set prefix for the function image")
    String prefix;

    @Option(names = "--list", description = "List available languages")
    boolean list;

    @Option(names = {"-a", "--append"}, paramLabel = "FILE", description = "Append to existing YAML file")
    String append;

    @Option(names = {"-f", "--yaml"}, paramLabel = "FILE", description = "Stack file to write (default: NAME.yml)")
    String yaml;

    @Option(names = {"-q", "--quiet"}, description = "Skip template notes")
    boolean quiet;

    @Option(names = "--memory-limit", paramLabel = "QUANTITY", description = "Set a limit for the memory")
    String memoryLimit;

    @Option(names = "--cpu-limit", paramLabel = "QUANTITY", description = "Set a limit for the CPU")
    String cpuLimit;

    @Option(names = "--memory-request", paramLabel = "QUANTITY", description = "Set a request value for memory")
    String memoryRequest;

    @Option(names = "--cpu-request", paramLabel = "QUANTITY", description = "Set a request value for the CPU")
    String cpuRequest;

    private final CliContext context;

    public NewCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Templates templates = Templates.forWorkingDir(context.workingDir());
        if (list) {
            out.println("Languages available as templates:");
            templates.languages().forEach(language -> out.println("- " + language));
            out.println();
            return 0;
        }
        if (lang == null && name == null) {
            spec.commandLine().usage(out);
            return 0;
        }
        if (lang == null || lang.isBlank()) {
            throw new CliFailure("you must supply a function language with the --lang flag");
        }
        if (name == null || name.isBlank()) {
            throw new CliFailure("please provide a name for the function");
        }
        if (!name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            throw new CliFailure("function name can only contain a-z, 0-9 and dashes");
        }
        Template template = templates.require(lang);
        String stackName = append != null ? append : yaml != null ? yaml : name + ".yml";
        Path stackFile = context.resolve(stackName);
        if (append != null) {
            checkAppendable(stackFile, stackName);
        } else if (Files.exists(stackFile)) {
            throw new CliFailure("file: " + stackName + " already exists. Try \"faas-cli new --append " + stackName
                    + "\" instead");
        }
        String handlerDir = handler != null ? handler.replaceFirst("^\\./", "") : name;
        Path folder = context.resolve(handlerDir);
        if (Files.exists(folder)) {
            throw new CliFailure("folder: " + handlerDir + " already exists");
        }
        Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        out.println("Folder: " + handlerDir + " created.");
        copyTree(template.skeleton(), folder);
        writeTemplateFolder(template);
        updateGitignore();
        out.println();
        out.println("Function created in folder: " + handlerDir);
        writeStack(stackFile, handlerDir);
        out.println((append != null ? "Stack file updated: " : "Stack file written: ") + stackName);
        if (!quiet && !template.welcomeMessage().isEmpty()) {
            out.println();
            out.println("Notes:");
            out.println(template.welcomeMessage());
        }
        out.flush();
        return 0;
    }

    private void checkAppendable(Path stackFile, String stackName) {
        if (!stackName.endsWith(".yml") && !stackName.endsWith(".yaml")) {
            throw new CliFailure("when appending to a stack the suffix should be .yml or .yaml");
        }
        if (!Files.isRegularFile(stackFile)) {
            throw new CliFailure("unable to find file: " + stackName + " - no such file");
        }
        var stack = StackLoader.load(stackFile, context.env(), false);
        if (stack.functions().containsKey(name)) {
            throw new CliFailure("\nFunction " + name + " already exists in " + stackName + " file. \nCannot have"
                    + " duplicate function names in same yaml file");
        }
    }

    private void writeStack(Path stackFile, String handlerDir) throws IOException {
        String imagePrefix = prefix != null && !prefix.isBlank() ? prefix : context.env("OPENFAAS_PREFIX");
        String image = (imagePrefix == null || imagePrefix.isBlank() ? "" : imagePrefix.replaceAll("/+$", "") + "/")
                + name + ":latest";
        StringBuilder yamlText = new StringBuilder();
        if (append == null) {
            yamlText.append("version: 1.0\nprovider:\n  name: openfaas\n  gateway: ")
                    .append(GatewayUrl.resolve(gateway, null, context.env("OPENFAAS_URL")))
                    .append("\nfunctions:\n");
        }
        yamlText.append("  ").append(name).append(":\n")
                .append("    lang: ").append(lang).append('\n')
                .append("    handler: ./").append(handlerDir).append('\n')
                .append("    image: ").append(image).append('\n');
        appendResources(yamlText, "requests", cpuRequest, memoryRequest);
        appendResources(yamlText, "limits", cpuLimit, memoryLimit);
        yamlText.append('\n');
        if (!Files.exists(stackFile)) {
            Files.createFile(stackFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(stackFile, yamlText, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static void appendResources(StringBuilder yamlText, String key, String cpu, String memory) {
        if ((cpu == null || cpu.isBlank()) && (memory == null || memory.isBlank())) {
            return;
        }
        yamlText.append("    ").append(key).append(":\n");
        if (cpu != null && !cpu.isBlank()) {
            yamlText.append("      cpu: ").append(cpu).append('\n');
        }
        if (memory != null && !memory.isBlank()) {
            yamlText.append("      memory: ").append(memory).append('\n');
        }
    }

    /**
     * Writes the template into {@code ./template/LANG/} when it is not there yet, as OpenFaaS's {@code new} leaves it
     * after pulling: OpenFaaS's {@code build} and {@code up} read {@code ./template/LANG/template.yml} and its
     * Dockerfile, so a stack made here works with either CLI.
     */
    private void writeTemplateFolder(Template template) throws IOException {
        Path target = context.resolve("template").resolve(lang);
        if (Files.exists(target.resolve("template.yml"))) {
            return;
        }
        copyTree(template.root(), target);
        spec.commandLine().getOut().println("Template: ./template/" + lang + " written (OpenFaaS's faas-cli builds"
                + " from it too).");
    }

    /** Adds {@code template}, {@code build} and {@code .secrets} to ./.gitignore, as faas-cli does. */
    private void updateGitignore() throws IOException {
        Path gitignore = context.resolve(".gitignore");
        List<String> lines = Files.exists(gitignore) ? new ArrayList<>(Files.readAllLines(gitignore)) : new ArrayList<>();
        boolean changed = false;
        for (String entry : List.of("template", "build", ".secrets")) {
            if (!lines.contains(entry)) {
                lines.add(entry);
                changed = true;
            }
        }
        if (changed) {
            Files.write(gitignore, lines, StandardCharsets.UTF_8);
        }
    }

    /** Copies a template folder (possibly inside a jar) into a real one. */
    static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                String relative = source.relativize(path).toString().replace("\\", "/");
                if (relative.isEmpty()) {
                    continue;
                }
                Path destination = target.resolve(relative.endsWith("/") ? relative.substring(0, relative.length() - 1)
                        : relative);
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else {
                    Files.createDirectories(destination.getParent());
                    Files.copy(path, destination);
                }
            }
        }
    }
}
