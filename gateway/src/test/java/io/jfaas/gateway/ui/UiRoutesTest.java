package io.jfaas.gateway.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jfaas.gateway.GatewayConfig;
import io.jfaas.gateway.auth.Credentials;
import io.jfaas.gateway.metrics.GatewayMetrics;
import io.jfaas.gateway.testing.EchoFunction;
import io.jfaas.gateway.testing.FakeProvider;
import io.jfaas.gateway.testing.TestRouters;
import io.jfaas.imagestore.ImageRef;
import io.jfaas.imagestore.LocalImageStore;
import io.jfaas.model.FunctionDeployment;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The UI's routes as the gateway mounts them: files, content types, caching, auth, no way out of the UI's files. */
class UiRoutesTest {

    private static final String AUTH = "Basic " + Base64.getEncoder()
            .encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8));
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    static Path state;

    private static EchoFunction echo;
    private static FakeProvider provider;
    private static Vertx vertx;
    private static HttpServer server;
    private static String base;

    @BeforeAll
    static void start() {
        try {
            echo = EchoFunction.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        provider = new FakeProvider(echo.port());
        vertx = Vertx.vertx();
        GatewayConfig config = GatewayConfig.fromEnv(Map.of("JFAAS_STATE_DIR", state.toString(), "HOME",
                state.toString()));
        var router = TestRouters.router(vertx, config, provider, Optional.of(new Credentials("admin", "s3cret")),
                new GatewayMetrics());
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().join();
        base = "http://127.0.0.1:" + server.actualPort();
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
        echo.close();
    }

    @Test
    void ui_slash_is_index_html() throws Exception {
        HttpResponse<String> response = get("/ui/", AUTH, Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(response.body()).startsWith("<!doctype html>").contains("<script type=\"module\" src=\"app.js\">");
    }

    @Test
    void ui_without_the_slash_redirects_to_it() throws Exception {
        HttpResponse<String> response = get("/ui", AUTH, Map.of());

        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(response.headers().firstValue("Location")).hasValue("/ui/");
    }

    @Test
    void the_root_redirects_to_the_ui_without_asking_for_credentials() throws Exception {
        HttpResponse<String> response = get("/", null, Map.of());

        assertThat(response.statusCode()).isEqualTo(307);
        assertThat(response.headers().firstValue("Location")).hasValue("/ui/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"app.js:text/javascript; charset=utf-8", "style.css:text/css; charset=utf-8",
        "favicon.svg:image/svg+xml", "index.html:text/html; charset=utf-8", "function.js:text/javascript; charset=utf-8"})
    void each_file_has_its_content_type(String fileAndType) throws Exception {
        String[] parts = fileAndType.split(":", 2);
        HttpResponse<String> response = get("/ui/" + parts[0], AUTH, Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(parts[1]);
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.body()).isEqualTo(resource(parts[0]));
    }

    @Test
    void every_file_in_the_resource_folder_is_served_and_nothing_else_is_listed() throws Exception {
        Path folder = Path.of(UiFiles.class.getClassLoader().getResource("ui/index.html").toURI()).getParent();
        List<String> onDisk;
        try (Stream<Path> files = Files.list(folder)) {
            onDisk = files.map(p -> p.getFileName().toString()).sorted().toList();
        }

        assertThat(UiFiles.NAMES).containsExactlyInAnyOrderElementsOf(onDisk);
        for (String name : onDisk) {
            assertThat(get("/ui/" + name, AUTH, Map.of()).statusCode()).as(name).isEqualTo(200);
        }
    }

    @Test
    void every_module_a_file_imports_or_links_is_one_of_the_ui_files() throws Exception {
        Pattern reference = Pattern.compile("(?:from |src=\"|href=\")['\"]?(?:\\./)?([\\w.-]+\\.(?:js|css|svg))");
        for (String name : UiFiles.NAMES) {
            Matcher matcher = reference.matcher(resource(name));
            while (matcher.find()) {
                assertThat(UiFiles.NAMES).as("%s refers to %s", name, matcher.group(1)).contains(matcher.group(1));
            }
        }
    }

    @Test
    void no_file_loads_anything_from_another_host() throws Exception {
        Pattern url = Pattern.compile("(https?:)?//[a-zA-Z0-9.-]+\\.[a-z]{2,}");
        for (String name : UiFiles.NAMES) {
            String text = resource(name).replace("http://www.w3.org/2000/svg", "");
            assertThat(url.matcher(text).find()).as("%s names another host", name).isFalse();
        }
        assertThat(get("/ui/", AUTH, Map.of()).headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).startsWith("default-src 'self';"));
    }

    @Test
    void the_whole_ui_weighs_less_than_40_kib_gzipped() {
        UiFiles files = UiFiles.fromClasspath();
        long raw = UiFiles.NAMES.stream().mapToLong(n -> files.get(n).orElseThrow().body().length).sum();

        // docs/web-ui.md quotes these figures
        System.out.printf("web UI: %d files, %d bytes, %d bytes gzipped%n", UiFiles.NAMES.size(), raw,
                files.transferSize());
        assertThat(files.transferSize()).isLessThan(40 * 1024).isLessThan(raw / 2);
    }

    @Test
    void an_unknown_file_is_404_in_plain_text() throws Exception {
        HttpResponse<String> response = get("/ui/nothing.js", AUTH, Map.of());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(response.body()).contains("/ui/nothing.js");
    }

    @Test
    void a_folder_below_ui_is_404() throws Exception {
        assertThat(get("/ui/ui/index.html", AUTH, Map.of()).statusCode()).isEqualTo(404);
        assertThat(get("/ui/x/", AUTH, Map.of()).statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ui/../../../../etc/passwd", "/ui/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/ui/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/ui/..\\..\\..\\..\\etc\\passwd",
        "/ui/../../pom.xml", "/ui/..%2fpom.xml", "/ui/%2e%2e%2fGatewayRoutes.class",
        "/ui/../io/jfaas/gateway/version.properties", "/ui/..%2fio%2fjfaas%2fgateway%2fversion.properties"})
    void no_path_leaves_the_ui_files(String path) throws Exception {
        String answer = rawGet(path);

        assertThat(answer).doesNotContain("root:").doesNotContain("<project").doesNotContain("version=")
                .doesNotContain("cafebabe");
        assertThat(answer).matches("(?s)HTTP/1\\.1 (400|404) .*");
    }

    @Test
    void every_file_needs_credentials() throws Exception {
        for (String path : List.of("/ui/", "/ui/app.js", "/ui", "/ui/nothing", "/ui/api/calls/hello",
                "/ui/api/triggers/hello", "/ui/api/images")) {
            HttpResponse<String> response = get(path, null, Map.of());

            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Restricted\"");
            assertThat(response.body()).doesNotContain("<html");
        }
    }

    @Test
    void a_wrong_password_is_refused() throws Exception {
        String wrong = "Basic " + Base64.getEncoder().encodeToString("admin:wrong".getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> response = get("/ui/", wrong, Map.of());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("invalid credentials\n");
    }

    @Test
    void a_repeated_request_with_the_etag_is_304_without_a_body() throws Exception {
        HttpResponse<String> first = get("/ui/app.js", AUTH, Map.of());
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> second = get("/ui/app.js", AUTH, Map.of("If-None-Match", etag));

        assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(etag).matches("\"[A-Za-z0-9_-]{22}\"");
        assertThat(second.statusCode()).isEqualTo(304);
        assertThat(second.body()).isEmpty();
        assertThat(get("/ui/app.js", AUTH, Map.of("If-None-Match", "\"other\"")).statusCode()).isEqualTo(200);
        assertThat(get("/ui/style.css", AUTH, Map.of()).headers().firstValue("ETag")).isNotEqualTo(Optional.of(etag));
    }

    @Test
    void a_client_that_accepts_gzip_gets_the_same_bytes_compressed() throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/ui/function.js"))
                .header("Authorization", AUTH).header("Accept-Encoding", "br, gzip;q=0.8").build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(response.headers().firstValue("Vary")).hasValue("Accept-Encoding");
        byte[] plain;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
            plain = in.readAllBytes();
        }
        assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo(resource("function.js"));
        assertThat(response.body().length).isLessThan(plain.length / 2);
    }

    @Test
    void gzip_refused_with_q_0_is_not_used() {
        assertThat(UiHandler.acceptsGzip("gzip;q=0")).isFalse();
        assertThat(UiHandler.acceptsGzip("gzip; q=0.0, identity")).isFalse();
        assertThat(UiHandler.acceptsGzip("deflate, GZIP")).isTrue();
        assertThat(UiHandler.acceptsGzip("gzip;q=0.5")).isTrue();
        assertThat(UiHandler.acceptsGzip("br")).isFalse();
        assertThat(UiHandler.acceptsGzip(null)).isFalse();
    }

    @Test
    void head_answers_the_length_without_a_body() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/ui/style.css"))
                .header("Authorization", AUTH).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Length"))
                .hasValue(Integer.toString(resource("style.css").getBytes(StandardCharsets.UTF_8).length));
        assertThat(response.body()).isEmpty();
    }

    @Test
    void other_methods_are_405() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/ui/"))
                .header("Authorization", AUTH).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void call_counts_count_invocations_and_answers_of_400_or_more() throws Exception {
        HttpResponse<String> deployed = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/system/functions"))
                .header("Authorization", AUTH)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"service\":\"counted\",\"image\":\"x:1\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(deployed.statusCode()).isEqualTo(202);
        for (String path : List.of("/function/counted", "/function/counted/status/500",
                "/function/counted/status/404", "/function/counted/status/302")) {
            HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.discarding());
        }

        // the counts are recorded as the last byte reaches the client, just after it reads the answer
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            HttpResponse<String> counts = get("/ui/api/calls/counted", AUTH, Map.of());
            assertThat(counts.statusCode()).isEqualTo(200);
            assertThat(counts.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(counts.body()).startsWith(
                    "{\"function\":\"counted.openfaas-fn\",\"invocations\":4,\"errors\":2,\"history\":[],"
                    + "\"recent\":[{\"t\":");
            // the last calls, newest first, with their status and call id
            assertThat(counts.body().replaceAll("\"t\":\\d+,", "").replaceAll("\"ms\":[0-9.E-]+,", "")
                    .replaceAll("\"callId\":\"[0-9a-f-]{36}\"", "ID")).endsWith("\"recent\":[{\"status\":302,ID},"
                    + "{\"status\":404,ID},{\"status\":500,ID},{\"status\":200,ID}]}");
        });
        assertThat(get("/ui/api/calls/counted?namespace=team-b", AUTH, Map.of()).body())
                .isEqualTo("{\"function\":\"counted.team-b\",\"invocations\":0,\"errors\":0,\"history\":[],"
                        + "\"recent\":[]}");
    }

    @Test
    void call_counts_of_a_bad_name_or_namespace_are_400_naming_it() throws Exception {
        HttpResponse<String> badName = get("/ui/api/calls/Bad_Name", AUTH, Map.of());
        HttpResponse<String> badNamespace = get("/ui/api/calls/ok?namespace=No_Such", AUTH, Map.of());

        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(badName.body()).contains("Bad_Name");
        assertThat(badNamespace.statusCode()).isEqualTo(400);
        assertThat(badNamespace.body()).contains("No_Such");
    }

    @Test
    void triggers_of_a_function_are_read_from_its_annotations_with_the_next_run() throws Exception {
        provider.deploy(FunctionDeployment.of("nightly", "x:1").withNamespace("openfaas-fn").withAnnotations(Map.of(
                "topic", "cron-function,orders.created", "schedule", "@every 1h",
                "com.jfaas.trigger.invocation", "async"))).join();

        HttpResponse<String> answer = get("/ui/api/triggers/nightly", AUTH, Map.of());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        Instant next = Instant.parse(answer.body().replaceAll(".*\"nextRun\":\"([^\"]+)\".*", "$1"));
        assertThat(next).isAfter(Instant.now().minusSeconds(2)).isBefore(Instant.now().plusSeconds(3601));
        assertThat(answer.body().replaceAll("\"nextRun\":\"[^\"]+\"", "\"nextRun\":T")).isEqualTo(
                "{\"topics\":[\"orders.created\"],\"schedule\":\"@every 1h\",\"nextRun\":T,"
                + "\"invocation\":\"async\",\"catchUp\":false,\"problem\":null}");
    }

    @Test
    void triggers_name_what_is_wrong_and_an_unknown_function_is_404() throws Exception {
        provider.deploy(FunctionDeployment.of("broken", "x:1").withNamespace("openfaas-fn").withAnnotations(Map.of(
                "topic", "cron-function", "schedule", "every day"))).join();

        HttpResponse<String> broken = get("/ui/api/triggers/broken", AUTH, Map.of());
        HttpResponse<String> unknown = get("/ui/api/triggers/nobody", AUTH, Map.of());
        HttpResponse<String> badName = get("/ui/api/triggers/Bad_Name", AUTH, Map.of());

        assertThat(broken.statusCode()).isEqualTo(200);
        assertThat(broken.body()).contains("\"schedule\":null,\"nextRun\":null").contains("\"problem\":\"schedule: ");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("nobody.openfaas-fn");
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(badName.body()).contains("Bad_Name");
    }

    @Test
    void the_image_store_tags_are_offered_sorted_up_to_500() throws Exception {
        LocalImageStore store = new LocalImageStore(state.resolve(".jfaas").resolve("images"));
        Path jar = Files.writeString(state.resolve("function.jar"), "not really a jar");
        store.store(ImageRef.parse("picked:1"), List.of(jar));
        store.store(ImageRef.parse("ghcr.io/team/another"), List.of(jar));

        HttpResponse<String> answer = get("/ui/api/images", AUTH, Map.of());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(
                "{\"images\":[\"ghcr.io/team/another:latest\",\"picked:1\"],\"truncated\":false}");

        for (int i = 0; i < 500; i++) {
            store.store(ImageRef.parse("bulk:" + i), List.of(jar));
        }
        HttpResponse<String> many = get("/ui/api/images", AUTH, Map.of());
        assertThat(many.body()).endsWith("\"truncated\":true}");
        assertThat(many.body().split("\",\"")).hasSize(500);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = UiFiles.class.getClassLoader().getResourceAsStream("ui/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static HttpResponse<String> get(String path, String authorization, Map<String, String> headers)
            throws IOException, InterruptedException, URISyntaxException {
        HttpRequest.Builder request = HttpRequest.newBuilder(new URI(base + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request line sent as it is, so that neither client nor URI class tidies the path first. */
    private static String rawGet(String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + AUTH
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
