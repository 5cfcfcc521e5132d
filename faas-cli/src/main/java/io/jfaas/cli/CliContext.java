package io.jfaas.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command may use of its surroundings, passed in so tests can give their own: the environment, the working
 * directory, the home directory ({@code $HOME}, as the Go faas-cli uses), stdin, and stdout as bytes (for
 * {@code invoke}, whose output is whatever the function answered).
 *
 * @param env environment variables
 * @param workingDir the directory relative paths resolve against
 * @param home the user's home directory
 * @param stdin standard input
 * @param stdinIsTerminal whether standard input is a terminal (then {@code invoke} says it reads from it)
 * @param stdout standard output, for bytes
 */
public record CliContext(Map<String, String> env, Path workingDir, Path home, InputStream stdin,
                         boolean stdinIsTerminal, OutputStream stdout) {

    public CliContext {
        env = Map.copyOf(env);
        workingDir = workingDir.toAbsolutePath().normalize();
        home = home.toAbsolutePath().normalize();
    }

    /** The real process's surroundings. */
    public static CliContext system() {
        Map<String, String> env = System.getenv();
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return new CliContext(env, Path.of(""), Path.of(home), System.in, System.console() != null, System.out);
    }

    /** A path given by the user, relative to the working directory. */
    public Path resolve(String path) {
        return workingDir.resolve(path).normalize();
    }

    /** An environment variable, or null when unset or blank. */
    public String env(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value;
    }
}
