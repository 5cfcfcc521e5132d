package io.jfaas.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfaas.function.FunctionHandler;
import io.jfaas.watchdog.testing.SlowHandler;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The watchdog as its own process, as it runs in a replica: start-up, SIGTERM and draining. */
class WatchdogProcessIT {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final BlockingQueue<String> output = new LinkedBlockingQueue<>();
    private Process process;
    private int port;

    @AfterEach
    void kill() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @Test
    void requests_in_flight_finish_after_sigterm_and_the_process_exits_0() throws Exception {
        start(SlowHandler.class);
        CompletableFuture<HttpResponse<String>> first = http.sendAsync(
                HttpRequest.newBuilder(uri("/?name=one&ms=1500")).build(), HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> second = http.sendAsync(
                HttpRequest.newBuilder(uri("/?name=two&ms=1500")).build(), HttpResponse.BodyHandlers.ofString());
        awaitLines("started one", "started two");

        process.destroy(); // SIGTERM

        assertThat(first.get(20, TimeUnit.SECONDS).body()).isEqualTo("finished one");
        assertThat(second.get(20, TimeUnit.SECONDS).body()).isEqualTo("finished two");
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
    }

    @Test
    void after_sigterm_no_new_connection_is_accepted() throws Exception {
        start(SlowHandler.class);

        process.destroy();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).isZero();
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/_/health")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
    }

    @Test
    void a_bad_setting_exits_2_naming_the_variable() throws Exception {
        ProcessBuilder builder = command(SlowHandler.class);
        builder.environment().put("write_timeout", "forever");
        Process failing = builder.redirectErrorStream(true).start();
        String text = new String(failing.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(failing.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(failing.exitValue()).isEqualTo(2);
        assertThat(text).contains("write_timeout: \"forever\" is not a duration");
    }

    private void start(Class<? extends FunctionHandler> handler) throws Exception {
        process = command(handler).redirectErrorStream(true).start();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    output.add(line);
                }
            } catch (IOException e) {
                output.add("output closed: " + e.getMessage());
            }
        });
        awaitLines("ready on");
    }

    private ProcessBuilder command(Class<?> handler) throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String classpath = String.join(File.pathSeparator, List.of(
                codeSource(Watchdog.class), codeSource(FunctionHandler.class), codeSource(handler)));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, Watchdog.class.getName());
        builder.environment().put("port", Integer.toString(port));
        builder.environment().put("JFAAS_BIND_ADDRESS", "127.0.0.1");
        builder.environment().put("JFAAS_HANDLER_CLASS", handler.getName());
        return builder;
    }

    /** Reads the process's output until a line containing each fragment was seen, in any order. */
    private void awaitLines(String... fragments) throws InterruptedException {
        Set<String> missing = new HashSet<>(List.of(fragments));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!missing.isEmpty() && System.nanoTime() < deadline) {
            String line = output.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                missing.removeIf(line::contains);
            }
        }
        if (!missing.isEmpty()) {
            throw new AssertionError("the watchdog never printed " + missing);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String codeSource(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
