package io.jfaas.e2e;

import io.jfaas.testing.Unpacked;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged jfaas programs as separate processes, as a user's shell would. */
final class Processes {

    static final Path ROOT = Path.of(System.getProperty("jfaas.root", "..")).toAbsolutePath().normalize();
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    /** faas-cli's distribution archive, as the build unpacked it. */
    static final Path FAAS_CLI_JAR = Unpacked.dist("jfaas.faas-cli.dist").resolve("faas-cli.jar");
    /** The gateway's distribution archive, as the build unpacked it (the watchdog next to the jar). */
    static final Path GATEWAY_JAR = Unpacked.dist("jfaas.gateway.dist").resolve("gateway.jar");

    private Processes() {
    }

    /**
     * What a command did.
     *
     * @param exit its exit code
     * @param out stdout
     * @param err stderr
     */
    record Run(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    /** Runs faas-cli to completion in {@code dir} with {@code env}, feeding it {@code stdin}. */
    static Run faasCli(Path dir, Map<String, String> env, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", FAAS_CLI_JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Path out = Files.createTempFile("faas-cli", ".out");
        Path err = Files.createTempFile("faas-cli", ".err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("faas-cli " + String.join(" ", args) + " did not finish in 10 minutes");
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Starts the gateway; its output goes to {@code log}. */
    static Process gateway(Map<String, String> env, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(JAVA, "-jar", GATEWAY_JAR.toString());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.redirectErrorStream(true).start();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            } catch (IOException e) {
                // the gateway is gone
            }
        });
        return process;
    }

    /** Watchdog processes whose command line mentions {@code marker} (a test's own folder). */
    static List<ProcessHandle> watchdogsOf(String marker) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("io.jfaas.watchdog.Watchdog")
                        && c.contains(marker)).orElse(false))
                .toList();
    }
}
