package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import io.jfaas.model.Secret;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where {@code secret create} and {@code secret update} take the value from: {@code --from-literal},
 * {@code --from-file} (its bytes, sent as they are as {@code rawValue}), or stdin when neither is given.
 */
final class SecretValueOptions {

    @Option(names = "--from-literal", paramLabel = "VALUE", description = "Value of the secret")
    String literal;

    @Option(names = "--from-file", paramLabel = "FILE",
            description = "Path to the secret file; its bytes are sent as they are")
    String file;

    @Option(names = "--trim", arity = "0..1", defaultValue = "true", fallbackValue = "true", paramLabel = "BOOLEAN",
            description = "Trim whitespace from the start and end of a --from-literal or STDIN value "
                    + "(default: ${DEFAULT-VALUE})")
    boolean trim;

    /** The secret to send; fails when two sources are given or the value is empty. */
    Secret read(CliContext context, String name, String namespace, PrintWriter err) {
        if (literal != null && file != null) {
            throw new CliFailure("please provide secret using only one option from --from-literal, --from-file and"
                    + " STDIN");
        }
        if (file != null) {
            byte[] bytes = readFile(context.resolve(file));
            if (bytes.length == 0) {
                throw new CliFailure("the secret file " + file + " is empty: must provide a non empty secret via"
                        + " --from-literal, --from-file or STDIN");
            }
            return new Secret(name, namespace, null, bytes);
        }
        String value = literal != null ? literal : readStdin(context, err);
        if (trim) {
            value = value.strip();
        }
        if (value.isEmpty()) {
            throw new CliFailure("must provide a non empty secret via --from-literal, --from-file or STDIN");
        }
        return new Secret(name, namespace, value, null);
    }

    private static byte[] readFile(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new CliFailure("unable to read secret file: " + path + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static String readStdin(CliContext context, PrintWriter err) {
        if (context.stdinIsTerminal()) {
            err.println("Reading from STDIN - hit (Control + D) to stop.");
            err.flush();
        }
        try {
            return new String(context.stdin().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliFailure("unable to read standard input: " + e.getMessage(), e);
        }
    }
}
