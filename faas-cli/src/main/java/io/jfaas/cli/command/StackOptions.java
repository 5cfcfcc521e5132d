package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import io.jfaas.cli.stack.StackFile;
import io.jfaas.cli.stack.StackLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The stack-file flags every command that reads one shares: {@code -f}, {@code --filter}, {@code --regex}. */
final class StackOptions {

    @Option(names = {"-f", "--yaml"}, paramLabel = "FILE", description = "Path to YAML file describing function(s)")
    String yaml;

    @Option(names = "--filter", paramLabel = "GLOB", description = "Wildcard to match with function names in YAML file")
    String filter;

    @Option(names = "--regex", paramLabel = "REGEX", description = "Regex to match with function names in YAML file")
    String regex;

    @Option(names = "--envsubst", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Substitute environment variables in stack.yml file (default: ${DEFAULT-VALUE})")
    boolean envsubst;

    /**
     * A stack file and its folder.
     *
     * @param file the file
     * @param stack its content
     */
    record Loaded(Path file, StackFile stack) {
        Path dir() {
            return file.getParent();
        }

        String gateway() {
            return stack.provider() == null ? null : stack.provider().gateway();
        }
    }

    /** The stack file: {@code -f}, or {@code stack.yaml}/{@code stack.yml} when present. */
    Optional<Loaded> load(CliContext context) {
        return StackLoader.locate(context.workingDir(), yaml)
                .map(file -> new Loaded(file, StackLoader.load(file, context.env(), envsubst)));
    }

    /** The stack file, or a failure saying how to name one. */
    Loaded require(CliContext context) {
        return load(context).orElseThrow(() -> new CliFailure("no stack file: give one with -f (e.g. -f hello.yml),"
                + " or create stack.yaml"));
    }

    /** The functions the filter or regex selects. */
    Map<String, StackFile.StackFunction> select(Loaded loaded) {
        return StackLoader.select(loaded.stack(), filter, regex);
    }
}
