package io.jfaas.images;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jfaas.testing.Unpacked;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The programs these tests run: the packaged faas-cli, and Debian's podman, runc and docker-registry. In CI
 * ({@code CI=true}) a missing program fails the test; elsewhere the test is skipped with a message naming the
 * package to install.
 */
final class Programs {

    static final Path ROOT = Path.of(System.getProperty("jfaas.root", "..")).toAbsolutePath().normalize();
    static final Path IMAGES = Path.of(System.getProperty("jfaas.images", "target/jib")).toAbsolutePath().normalize();
    /** The gateway's distribution archive, unpacked by the build (its {@code watchdog/} is the runtime's). */
    static final Path GATEWAY = Unpacked.dist("jfaas.gateway.dist");
    /** faas-cli's distribution archive, unpacked by the build. */
    static final Path FAAS_CLI = Unpacked.dist("jfaas.faas-cli.dist");
    /** The Java template's repository (template/java/...), unpacked by the build. */
    static final Path TEMPLATE_REPOSITORY = Unpacked.dist("jfaas.template-repository");
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    /** The flags podman needs on these machines (crun does not work; no systemd). */
    static final List<String> PODMAN = List.of("podman", "--runtime", "runc", "--cgroup-manager", "cgroupfs",
            "--events-backend", "file");
    static final List<String> RUN_LIMITS = List.of("--ulimit", "nofile=20000:20000", "--ulimit", "nproc=4096:4096");

    private Programs() {
    }

    /**
     * What a program did.
     *
     * @param exit its exit code
     * @param out its output and errors, together
     */
    record Run(int exit, String out) {
    }

    /** A program's path, or a skipped test (a failed one in CI) naming the Debian package to install. */
    static Path require(String program, String debianPackage) {
        Optional<Path> found = Stream.concat(
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(":")), Stream.of("/usr/sbin", "/sbin"))
                .filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, program)).filter(Files::isExecutable)
                .findFirst();
        String message = program + " is not installed: apt-get install -y " + debianPackage
                + " (.ci/run installs it)";
        if (found.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message + "; in CI this test must run");
        }
        assumeTrue(found.isPresent(), message);
        return found.get();
    }

    /** Requires podman and runc. */
    static void requirePodman() {
        require("podman", "podman");
        require("runc", "runc");
    }

    /** Runs a program to completion (within 10 minutes), output and errors together. */
    static Run run(Path dir, Map<String, String> env, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        if (env != null) {
            builder.environment().clear();
            builder.environment().putAll(env);
        }
        Path out = Files.createTempFile("images-test", ".out");
        Process process = builder.redirectOutput(out.toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 10 minutes");
        }
        String output = Files.readString(out);
        Files.delete(out);
        return new Run(process.exitValue(), output);
    }

    static Run podman(String... args) throws IOException, InterruptedException {
        return podman(List.of(args));
    }

    static Run podman(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(PODMAN);
        command.addAll(args);
        return run(ROOT, null, command);
    }

    /** The packaged faas-cli, run in {@code dir} with {@code env}. */
    static Run faasCli(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar",
                FAAS_CLI.resolve("faas-cli.jar").toString()));
        command.addAll(List.of(args));
        return run(dir, env, command);
    }

    /**
     * The environment a faas-cli run gets: the machine's PATH (Maven is on it), a HOME of the test's own, and the
     * function runtime base this build made (as the checkout's bin/faas-cli names it).
     */
    static Map<String, String> cliEnv(Path home) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("JFAAS_FUNCTION_RUNTIME", IMAGES.resolve("function-runtime.tar").toString());
        env.put("HOME", home.toString());
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("LANG", "C.UTF-8");
        return env;
    }

    /** A free TCP port on this machine. */
    static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
