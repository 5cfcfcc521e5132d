package io.jfaas.watchdog.runner;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts {@code fprocess} so that it dies with the watchdog however the watchdog dies, SIGKILL included.
 *
 * <p>Where util-linux's {@code setpriv} is installed (every Debian or Ubuntu host), the child is started as
 * {@code setpriv --pdeathsig KILL PROGRAM ...}: the kernel sends it SIGKILL when its parent goes. The kernel ties that
 * signal to the thread that started the child, not to the process, so children are started from a fixed pool of
 * platform threads (one per core) that live as long as the watchdog: fork mode starts a process per call, so starts
 * run side by side, up to one per core. Without {@code setpriv} (an image built from scratch, where the watchdog is the
 * container's first process and its exit ends every other) children start as they are.
 *
 * <p>The program is resolved against the watchdog's {@code PATH} first, as {@link ProcessBuilder} does, so a missing
 * program still fails at start with an {@link IOException} rather than as an exit code of {@code setpriv}.
 */
final class ChildProcesses {

    private static final Optional<Path> SETPRIV = onPath("setpriv", System.getenv("PATH"));
    private static final ExecutorService LAUNCHER = Executors.newFixedThreadPool(
            Runtime.getRuntime().availableProcessors(), Thread.ofPlatform().daemon().name("fprocess-launcher-", 0)
                    .factory());
    /** Programs already found on the PATH: {@code fprocess} is fixed, so fork mode looks it up once, not per call. */
    private static final Map<String, Path> RESOLVED = new ConcurrentHashMap<>();

    private ChildProcesses() {
    }

    /** Starts {@code builder}'s command, tied to this process's life where the machine allows. */
    static Process start(ProcessBuilder builder) throws IOException {
        if (SETPRIV.isEmpty()) {
            return builder.start();
        }
        List<String> command = builder.command();
        String program = command.getFirst();
        Path resolved = RESOLVED.get(program);
        if (resolved == null) {
            resolved = program.contains("/") ? Path.of(program)
                    : onPath(program, System.getenv("PATH")).orElseThrow(() -> new IOException(
                            "Cannot run program \"" + program + "\": not found on the PATH"));
            if (!Files.isExecutable(resolved)) {
                throw new IOException("Cannot run program \"" + program + "\": not an executable file");
            }
            if (RESOLVED.size() < 16) { // the watchdog runs one fprocess; a bound all the same
                RESOLVED.put(program, resolved);
            }
        }
        List<String> tied = new ArrayList<>(List.of(SETPRIV.get().toString(), "--pdeathsig", "KILL", "--",
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
        Future<Process> started = LAUNCHER.submit(launch::start);
        try {
            return started.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("Cannot run program \"" + program + "\": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting \"" + program + "\"", e);
        }
    }

    private static Optional<Path> onPath(String program, String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
