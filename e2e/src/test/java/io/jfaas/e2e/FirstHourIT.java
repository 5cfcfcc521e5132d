package io.jfaas.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user's first hour, with the packaged gateway and faas-cli as separate processes and HOME and the state
 * directory in temporary folders: new, login, up, curl, invoke, list, restart, remove, and a handler that does not
 * compile.
 */
class FirstHourIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    private Path home;
    private Path state;
    private Path work;
    private Path gatewayLog;
    private int port;
    private Process gateway;

    @BeforeEach
    void folders() throws IOException {
        home = Files.createDirectories(dir.resolve("home"));
        state = dir.resolve("state");
        work = Files.createDirectories(dir.resolve("work"));
        gatewayLog = dir.resolve("gateway.log");
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
    }

    @AfterEach
    void stopGateway() throws Exception {
        if (gateway != null && gateway.isAlive()) {
            gateway.destroy();
            gateway.waitFor(60, TimeUnit.SECONDS);
        }
        Processes.watchdogsOf(dir.toString()).forEach(ProcessHandle::destroyForcibly);
        if (Files.exists(gatewayLog)) {
            System.out.println("---- gateway log ----\n" + Files.readString(gatewayLog));
        }
    }

    @Test
    void a_new_user_scaffolds_deploys_calls_restarts_and_removes_a_java_function() throws Exception {
        startGateway();

        Processes.Run created = cli("", "new", "--lang", "java", "hello");
        assertThat(created.exit()).as(created.all()).isZero();
        Path handler = work.resolve("hello/src/main/java/function/Handler.java");
        Files.writeString(handler, Files.readString(handler)
                .replace("\"Hello from jfaas! You said: \" + request.bodyAsText()", "\"Hello, \" + request.bodyAsText()"));

        String password = Files.readString(state.resolve("basic-auth-password")).strip();
        Processes.Run login = cli(password, "login", "--password-stdin");
        assertThat(login.exit()).as(login.all()).isZero();
        assertThat(login.out()).contains("credentials saved for admin " + gatewayUrl());

        Processes.Run up = cli("", "up", "-f", "hello.yml");
        assertThat(up.exit()).as(up.all()).isZero();
        assertThat(up.out()).contains("Image: hello:latest built").contains("Deployed. 202 Accepted.")
                .contains("URL: " + gatewayUrl() + "/function/hello")
                // a local-mode gateway runs the local image store: nothing is pushed
                .contains("Skipping push: the gateway at " + gatewayUrl() + " runs in local mode");

        assertThat(post("/function/hello", "world")).isEqualTo(new Answer(200, "Hello, world"));

        Processes.Run invoked = cli("world", "invoke", "hello");
        assertThat(invoked.exit()).as(invoked.all()).isZero();
        assertThat(invoked.out()).isEqualTo("Hello, world");

        // the two calls above, counted by the gateway
        Processes.Run listed = cli("", "list");
        assertThat(listed.out()).containsPattern("hello\\s+\\t2\\s+\\t1\\s");

        Processes.Run secret = cli("", "secret", "create", "api-key", "--from-literal", "s3cret");
        assertThat(secret.exit()).as(secret.all()).isZero();
        assertThat(cli("", "secret", "list").out()).contains("api-key");
        Processes.Run logs = cli("", "logs", "hello", "--tail=false");
        assertThat(logs.exit()).as(logs.all()).isZero();
        assertThat(logs.out()).containsPattern("\\d{4}-\\d{2}-\\d{2}T\\S+ .*POST / ");

        // a gateway stopped as a service manager stops it takes its replicas with it and brings them back
        gateway.destroy();
        assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Processes.watchdogsOf(dir.toString())).isEmpty();
        startGateway();
        assertThat(post("/function/hello", "again")).isEqualTo(new Answer(200, "Hello, again"));

        // a gateway killed outright takes its replicas with it too (the kernel's parent-death signal), and the next
        // gateway brings them back
        List<ProcessHandle> replicas = Processes.watchdogsOf(dir.toString());
        assertThat(replicas).hasSize(1);
        gateway.destroyForcibly();
        assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> replicas.stream().noneMatch(ProcessHandle::isAlive));
        startGateway();
        assertThat(post("/function/hello", "third")).isEqualTo(new Answer(200, "Hello, third"));

        Processes.Run removed = cli("", "remove", "hello");
        assertThat(removed.exit()).as(removed.all()).isZero();
        assertThat(removed.out()).contains("Removing old function.");
        assertThat(post("/function/hello", "world").status()).isEqualTo(404);
        assertThat(Processes.watchdogsOf(dir.toString())).isEmpty();
    }

    @Test
    void up_with_a_handler_that_does_not_compile_fails_showing_the_compiler_error_and_deploys_nothing()
            throws Exception {
        startGateway();
        assertThat(cli("", "new", "--lang", "java", "broken").exit()).isZero();
        Path handler = work.resolve("broken/src/main/java/function/Handler.java");
        Files.writeString(handler, Files.readString(handler).replace("request.bodyAsText()", "request.noSuchMethod()"));
        String password = Files.readString(state.resolve("basic-auth-password")).strip();
        assertThat(cli(password, "login", "--password-stdin").exit()).isZero();

        Processes.Run up = cli("", "up", "-f", "broken.yml");

        assertThat(up.exit()).isNotZero();
        assertThat(up.all()).contains("COMPILATION ERROR").contains("noSuchMethod")
                .contains("received non-zero exit code 1 from build");
        assertThat(up.out()).doesNotContain("Deploying:");
        assertThat(cli("", "list").out()).doesNotContain("broken");
    }

    private void startGateway() throws Exception {
        Map<String, String> env = new HashMap<>(baseEnv());
        env.put("port", Integer.toString(port));
        env.put("JFAAS_STATE_DIR", state.toString());
        // a free port: 8082 may be taken on a shared machine
        env.put("JFAAS_METRICS_PORT", "0");
        gateway = Processes.gateway(env, gatewayLog);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> HTTP.send(
                HttpRequest.newBuilder(URI.create(gatewayUrl() + "/healthz")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    private Processes.Run cli(String stdin, String... args) throws Exception {
        Map<String, String> env = new HashMap<>(baseEnv());
        env.put("OPENFAAS_URL", gatewayUrl());
        return Processes.faasCli(work, env, stdin, args);
    }

    private Map<String, String> baseEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("LANG", "C.UTF-8");
        return env;
    }

    private String gatewayUrl() {
        return "http://127.0.0.1:" + port;
    }

    private Answer post(String path, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gatewayUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    private record Answer(int status, String body) {
    }
}
