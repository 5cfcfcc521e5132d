package io.jfaas.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfaas.contracts.WarmAssignment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A warm-pool watchdog JVM as its own process: it warms up, says so, and takes one assignment or none. */
class PooledStartIT {

    @TempDir
    Path tmp;
    private Process process;

    @AfterEach
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void without_an_assignment_it_exits_0_when_its_standard_input_ends() throws Exception {
        Thread reader = start();
        awaitWarm();

        process.getOutputStream().close();

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(process.exitValue()).isZero();
        reader.join(10_000);
    }

    @Test
    void something_other_than_an_assignment_ends_it_with_2_and_says_what_was_wrong() throws Exception {
        Thread reader = start();
        awaitWarm();

        process.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        process.getOutputStream().close();

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        reader.join(10_000);
        assertThat(stderr.toString())
                .contains("watchdog: warm pool: cannot read the assignment: not a warm-pool assignment");
    }

    /** Starts it; the returned thread copies its standard error into {@link #stderr} until it ends. */
    private Thread start() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                Watchdog.class.getName(), WarmAssignment.ARGUMENT)).directory(tmp.toFile());
        builder.environment().put("TMPDIR", tmp.toString());
        process = builder.start();
        process.getInputStream().close();
        InputStream err = process.getErrorStream();
        return Thread.ofPlatform().daemon().start(() -> {
            byte[] buffer = new byte[8192];
            try (err) {
                int read;
                while ((read = err.read(buffer)) >= 0) {
                    stderr.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
                }
            } catch (IOException e) {
                // ended
            }
        });
    }

    /** Waits for the warm line: the warm-up went through and it now reads its standard input. */
    private void awaitWarm() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!stderr.toString().contains(WarmAssignment.WARM_LINE) && System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("alive while warming up: " + stderr).isTrue();
            Thread.sleep(20);
        }
        assertThat(stderr.toString()).as("warm within 60 s").contains(WarmAssignment.WARM_LINE);
    }

    private final StringBuffer stderr = new StringBuffer();
}
