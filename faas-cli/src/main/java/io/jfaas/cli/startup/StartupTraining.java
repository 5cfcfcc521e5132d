package io.jfaas.cli.startup;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jfaas.cli.CliContext;
import io.jfaas.cli.FaasCli;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The training run of the CLI's start-up cache: {@code version}, {@code login}, {@code list}, {@code describe},
 * {@code invoke} and help, with and without a gateway on the command line (then from a project's stack file), with
 * saved credentials, in this JVM, against a stand-in gateway on a loopback port that answers as a jfaas gateway does. The JVM that
 * runs this with {@code -XX:AOTCacheOutput} (or {@code -XX:ArchiveClassesAtExit}) writes what they loaded and linked
 * when it exits; {@code bin/faas-cli} starts from it. Exits 1 when a command failed (the cache would miss its path).
 */
public final class StartupTraining {

    private static final String FUNCTION = """
            {"name":"hello","image":"hello:latest","namespace":"openfaas-fn","envProcess":"","replicas":1,\
            "availableReplicas":1,"invocationCount":3,"labels":{"com.openfaas.scale.min":"1"},\
            "annotations":{"topic":"a"},"createdAt":"2026-01-01T00:00:00Z"}""";
    private static final Map<String, String> ANSWERS = Map.of(
            "/system/functions", "[" + FUNCTION + "]",
            "/system/function/hello", FUNCTION,
            "/system/info", """
                    {"provider":{"provider":"jfaas","orchestration":"local","version":{"release":"1","sha":"a"}},\
                    "version":{"release":"1","sha":"a"},"arch":"x86_64"}""",
            "/function/hello.openfaas-fn", "Hello");

    private StartupTraining() {
    }

    public static void main(String[] args) throws IOException {
        if (train() > 0) {
            System.exit(1);
        }
    }

    /** Runs the commands; returns how many failed (each is printed to stderr). */
    static int train() throws IOException {
        HttpServer gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        gateway.createContext("/", StartupTraining::answer);
        gateway.start();
        Path home = Files.createTempDirectory("faas-cli-training");
        int failures = 0;
        try {
            String url = "http://127.0.0.1:" + gateway.getAddress().getPort();
            // a project directory whose stack file names the gateway, as most users call the CLI
            Path project = Files.createDirectory(home.resolve("project"));
            Files.writeString(project.resolve("stack.yml"), """
                    version: 1.0
                    provider:
                      name: openfaas
                      gateway: %s
                    functions:
                      hello:
                        lang: java
                        handler: ./hello
                        image: hello:latest
                    """.formatted(url));
            // a logged-in user: every /system call then reads the credentials from the config file
            List<List<String>> lines = List.of(List.of("version"),
                    List.of("login", "--username", "admin", "--password-stdin", "--gateway", url),
                    List.of("list", "--gateway", url),
                    List.of("list", "-v", "--gateway", url), List.of("describe", "hello", "--gateway", url),
                    List.of("invoke", "hello", "--gateway", url), List.of("version", "--gateway", url),
                    List.of("list"), List.of("describe", "hello"), List.of("invoke", "hello"),
                    List.of("--help"), List.of("list", "--help"));
            for (int round = 0; round < 2; round++) {
                if (round == 1) {
                    // the config file as the Go faas-cli writes it (a list without indentation), which YAML's parser
                    // reads with classes of its own
                    Files.writeString(home.resolve(".openfaas/config.yml"), """
                            auths:
                            - gateway: %s
                              auth: basic
                              token: %s
                            """.formatted(url, Base64.getEncoder().encodeToString(
                                    "admin:hi".getBytes(StandardCharsets.UTF_8))));
                }
                for (List<String> line : lines) {
                    StringWriter out = new StringWriter();
                    CliContext context = new CliContext(Map.of("HOME", home.toString()), project, home,
                            new ByteArrayInputStream("hi".getBytes(StandardCharsets.UTF_8)), false,
                            OutputStream.nullOutputStream());
                    int exit = FaasCli.run(context, new PrintWriter(out), new PrintWriter(out),
                            line.toArray(String[]::new));
                    if (exit != 0) {
                        System.err.println("training: faas-cli " + String.join(" ", line) + " exited " + exit
                                + ": " + out);
                        failures++;
                    }
                }
            }
        } finally {
            gateway.stop(0);
            try (var paths = Files.walk(home)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
        return failures;
    }

    private static void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String answer = ANSWERS.get(exchange.getRequestURI().getPath());
            byte[] body = (answer == null ? "not found" : answer).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer != null && answer.startsWith("Hello")
                    ? "text/plain" : "application/json");
            exchange.sendResponseHeaders(answer == null ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
        }
    }
}
