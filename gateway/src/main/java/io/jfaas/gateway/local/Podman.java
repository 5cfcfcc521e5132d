package io.jfaas.gateway.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The podman commands local mode runs besides {@code podman run}: finding, pulling and inspecting images, stopping and
 * removing containers. Each runs to completion within a bound and keeps at most {@link #MAX_OUTPUT} bytes of output.
 */
final class Podman {

    private static final Logger LOG = Logger.getLogger(Podman.class.getName());
    /** The most output of one command kept (a pull's progress is long; its last lines say what went wrong). */
    static final int MAX_OUTPUT = 16 * 1024;
    static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
    static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);

    private final ContainerConfig config;
    private final Map<String, String> machineEnv;

    Podman(ContainerConfig config, Map<String, String> machineEnv) {
        this.config = config;
        this.machineEnv = Map.copyOf(machineEnv);
    }

    ContainerConfig config() {
        return config;
    }

    /** What a command did: its exit code and the end of its output and errors. */
    record Result(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }
    }

    /** An image podman has: its id and the user its configuration names (empty for none). */
    record Image(String id, String user) {
    }

    /** The image podman has under this reference (a name or an id), if it has it. */
    Optional<Image> inspect(String reference) throws IOException {
        Result result = run(COMMAND_TIMEOUT, "image", "inspect", "--format", "{{.Id}} {{.Config.User}}", "--",
                reference);
        if (!result.ok()) {
            return Optional.empty();
        }
        String[] fields = result.output().trim().split(" ", 2);
        return Optional.of(new Image(fields[0], fields.length > 1 ? fields[1].trim() : ""));
    }

    /**
     * Pulls an image with the registry credentials faas-cli uses ({@code $DOCKER_CONFIG/config.json}, else
     * {@code ~/.docker/config.json}, when there is one); the result's output ends with the registry's answer.
     */
    Result pull(String reference) throws IOException {
        List<String> args = new ArrayList<>(List.of("pull", "--quiet"));
        authFile().ifPresent(file -> args.addAll(List.of("--authfile", file.toString())));
        // "--": a reference from a deploy is never read as one of podman's options
        args.addAll(List.of("--", reference));
        return run(PULL_TIMEOUT, args.toArray(String[]::new));
    }

    /** The Docker credentials file faas-cli reads, if there is one. */
    Optional<Path> authFile() {
        String dir = machineEnv.get("DOCKER_CONFIG");
        Path file = dir != null && !dir.isBlank() ? Path.of(dir, "config.json")
                : Path.of(machineEnv.getOrDefault("HOME", System.getProperty("user.home")), ".docker", "config.json");
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** Stops a container (SIGTERM, then SIGKILL after {@code grace}). */
    Result stop(String container, Duration grace) throws IOException {
        return run(COMMAND_TIMEOUT.plus(grace), "stop", "--ignore", "--time", Long.toString(Math.max(0,
                grace.toSeconds())), container);
    }

    /** Removes containers, killing them if they run; ones already gone are no error. */
    Result remove(List<String> containers) throws IOException {
        if (containers.isEmpty()) {
            return new Result(0, "");
        }
        List<String> args = new ArrayList<>(List.of("rm", "--force", "--ignore", "--time", "0"));
        args.addAll(containers);
        return run(COMMAND_TIMEOUT, args.toArray(String[]::new));
    }

    /** The containers, running or not, that carry this label with this value. */
    List<String> containersLabelled(String label, String value) throws IOException {
        Result result = run(COMMAND_TIMEOUT, "ps", "--all", "--quiet", "--no-trunc", "--filter",
                "label=" + label + "=" + value);
        if (!result.ok()) {
            throw new IOException("podman ps failed: " + result.output().trim());
        }
        return result.output().lines().map(String::trim).filter(line -> !line.isEmpty()).toList();
    }

    /** The host's process id of a running container's main process, if podman reports one. */
    Optional<Long> pidOf(String container) throws IOException {
        Result result = run(COMMAND_TIMEOUT, "container", "inspect", "--format", "{{.State.Pid}}", "--",
                container);
        if (!result.ok()) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(result.output().trim());
            return pid > 0 ? Optional.of(pid) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether the podman program can be run at all. */
    boolean isInstalled() {
        String program = config.podman();
        if (program.contains("/")) {
            return Files.isExecutable(Path.of(program));
        }
        for (String dir : machineEnv.getOrDefault("PATH", System.getenv().getOrDefault("PATH", "")).split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code podman GLOBAL_FLAGS args...} to completion, killing it after {@code timeout}. */
    Result run(Duration timeout, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(config.podman());
        command.addAll(config.globalFlags());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        BoundedOutput output = new BoundedOutput(process.getInputStream());
        Thread reader = Thread.ofVirtual().start(output);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                reader.join(Duration.ofSeconds(5));
                return new Result(-1, output.text() + "\n(podman " + args[0] + " did not finish within "
                        + timeout.toSeconds() + "s)");
            }
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while podman " + args[0] + " ran", e);
        }
        Result result = new Result(process.exitValue(), output.text());
        if (!result.ok()) {
            LOG.fine(() -> String.join(" ", command) + " exited with " + result.exit() + ": " + result.output());
        }
        return result;
    }

    /** Keeps the last {@link #MAX_OUTPUT} bytes of a stream. */
    private static final class BoundedOutput implements Runnable {
        private final InputStream in;
        private final byte[] ring = new byte[MAX_OUTPUT];
        private long total;

        BoundedOutput(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[4096];
            try (in) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    synchronized (this) {
                        for (int i = 0; i < n; i++) {
                            ring[(int) (total++ % MAX_OUTPUT)] = buffer[i];
                        }
                    }
                }
            } catch (IOException e) {
                // the process ended: what was read is kept
            }
        }

        synchronized String text() {
            if (total <= MAX_OUTPUT) {
                return new String(ring, 0, (int) total, StandardCharsets.UTF_8);
            }
            int start = (int) (total % MAX_OUTPUT);
            byte[] ordered = new byte[MAX_OUTPUT];
            System.arraycopy(ring, start, ordered, 0, MAX_OUTPUT - start);
            System.arraycopy(ring, 0, ordered, MAX_OUTPUT - start, start);
            return new String(ordered, StandardCharsets.UTF_8);
        }
    }
}
