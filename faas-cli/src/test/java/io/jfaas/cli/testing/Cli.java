package io.jfaas.cli.testing;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.FaasCli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Runs faas-cli commands in this JVM with captured output, a home and a working directory of the test's. */
public final class Cli {

    private final Path home;
    private final Path workingDir;
    private final Map<String, String> env = new HashMap<>();

    public Cli(Path home, Path workingDir) {
        this.home = home;
        this.workingDir = workingDir;
        env.put("HOME", home.toString());
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    }

    public Cli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public Result run(String... args) {
        return runWithInput("", args);
    }

    public Result runWithInput(String stdin, String... args) {
        return execute(stdin, text -> { }, args);
    }

    /**
     * Runs a command and shows {@code onFlush} everything printed on stdout so far each time the command flushes it,
     * while the command is still running (to see that output is not held back).
     */
    public Result runWatchingOutput(Consumer<String> onFlush, String... args) {
        return execute("", onFlush, args);
    }

    private Result execute(String stdin, Consumer<String> onFlush, String... args) {
        StringWriter out = new WatchedWriter(onFlush);
        StringWriter err = new StringWriter();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CliContext context = new CliContext(env, workingDir, home,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), false, bytes);
        int exit = FaasCli.run(context, new PrintWriter(out), new PrintWriter(err), args);
        return new Result(exit, out.toString() + bytes.toString(StandardCharsets.UTF_8), err.toString());
    }

    /** A {@link StringWriter} that shows its text so far to a watcher on every flush. */
    private static final class WatchedWriter extends StringWriter {

        private final Consumer<String> onFlush;

        WatchedWriter(Consumer<String> onFlush) {
            this.onFlush = onFlush;
        }

        @Override
        public void flush() {
            super.flush();
            onFlush.accept(toString());
        }
    }

    /**
     * What a command did.
     *
     * @param exit the exit code
     * @param out what it printed on stdout
     * @param err what it printed on stderr
     */
    public record Result(int exit, String out, String err) {

        /** Both streams, for messages that may go to either. */
        public String all() {
            return out + err;
        }
    }
}
