package io.jfaas.gateway;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts the gateway's children (replicas, start-up cache training runs, the embedded nats-server) so that they end
 * with the gateway however it ends, SIGKILL included: a gateway that dies leaves nothing running.
 *
 * <p>Where util-linux's {@code setpriv} is installed (every Debian or Ubuntu host), a child is started as
 * {@code setpriv --pdeathsig SIGNAL PROGRAM ...}, and the kernel sends it that signal when the gateway goes. The kernel
 * ties the signal to the thread that started the child, not to the process, so every child is started from one
 * platform thread that lives as long as the gateway. Without {@code setpriv}, children start as they are, and the
 * next gateway stops what the last one left (the pid files in the state directory).
 *
 * <p>The program is resolved against the gateway's {@code PATH} first, as {@link ProcessBuilder} does, so a missing
 * program still fails at start with an {@link IOException}.
 */
public final class ChildProcesses {

    /** The signal a child gets when the gateway dies. */
    public enum OnGatewayDeath {
        /** SIGKILL: for replicas, whose callers went with the gateway. */
        KILL,
        /** SIGTERM: for servers that should close their files cleanly (nats-server's JetStream store). */
        TERM
    }

    private static final Optional<Path> SETPRIV = onPath("setpriv");
    private static final ExecutorService LAUNCHER = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("child-launcher").factory());

    private ChildProcesses() {
    }

    /** Starts {@code builder}'s command as it is, but tied to the gateway's life where the machine allows. */
    public static Process start(ProcessBuilder builder, OnGatewayDeath signal) throws IOException {
        if (SETPRIV.isEmpty()) {
            return builder.start();
        }
        List<String> command = builder.command();
        String program = command.getFirst();
        Path resolved = program.contains("/") ? Path.of(program) : onPath(program).orElseThrow(() -> new IOException(
                "Cannot run program \"" + program + "\": not found on the PATH"));
        if (!Files.isExecutable(resolved)) {
            throw new IOException("Cannot run program \"" + program + "\": not an executable file");
        }
        List<String> tied = new ArrayList<>(List.of(SETPRIV.get().toString(), "--pdeathsig", signal.name(), "--",
                resolved.toString()));
        tied.addAll(command.subList(1, command.size()));
        ProcessBuilder launch = new ProcessBuilder(tied)
                .directory(builder.directory())
                .redirectInput(builder.redirectInput())
                .redirectOutput(builder.redirectOutput())
                .redirectError(builder.redirectError())
                .redirectErrorStream(builder.redirectErrorStream());
        launch.environment().clear();
        launch.environment().putAll(builder.environment());
        try {
            return LAUNCHER.submit(launch::start).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io
                    : new IOException("Cannot run program \"" + program + "\": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting \"" + program + "\"", e);
        }
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = dir.isEmpty() ? null : Path.of(dir, program);
            if (candidate != null && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
