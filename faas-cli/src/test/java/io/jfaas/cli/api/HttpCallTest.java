package io.jfaas.cli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.security.KeyStore;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's HTTP/1.1 exchange against a real socket whose answers each test writes byte by byte. */
class HttpCallTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ServerSocket server = newServer();
    private final CompletableFuture<String> received = new CompletableFuture<>();

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    private static ServerSocket newServer() {
        try {
            return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    private interface Answerer {
        void answer(OutputStream out) throws Exception;
    }

    /** Accepts one connection, records the request (head and body), and lets {@code answerer} write the answer. */
    private void serve(Answerer answerer) {
        Thread thread = new Thread(() -> {
            try (Socket socket = server.accept()) {
                received.complete(readRequest(socket.getInputStream()));
                answerer.answer(socket.getOutputStream());
                socket.getOutputStream().flush();
            } catch (Exception e) {
                received.completeExceptionally(e);
            }
        }, "http-call-test-server");
        thread.setDaemon(true);
        thread.start();
    }

    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.write(c);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = text.lines().filter(line -> line.toLowerCase().startsWith("content-length:"))
                .mapToInt(line -> Integer.parseInt(line.substring(15).strip())).findFirst().orElse(0);
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Test
    void sends_the_method_path_host_headers_and_body_and_reads_an_answer_of_known_length() throws Exception {
        serve(out -> write(out, "HTTP/1.1 201 Created\r\nContent-Length: 5\r\nWarning: 299 - \"a\"\r\n"
                + "warning: 299 - \"b\"\r\n\r\nhello"));

        try (HttpCall.Answer answer = HttpCall.send(uri("/system/functions?namespace=a%20b"), "POST",
                List.<String[]>of(new String[] {"Authorization", "Basic abc"}), "{\"x\":1}".getBytes(), TIMEOUT)) {
            assertThat(answer.status()).isEqualTo(201);
            assertThat(answer.headers().allValues("WARNING")).containsExactly("299 - \"a\"", "299 - \"b\"");
            assertThat(new String(answer.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
        }
        String request = received.get(30, TimeUnit.SECONDS);
        assertThat(request).startsWith("POST /system/functions?namespace=a%20b HTTP/1.1\r\n")
                .contains("\r\nHost: 127.0.0.1:" + server.getLocalPort() + "\r\n")
                .contains("\r\nAuthorization: Basic abc\r\n")
                .contains("\r\nContent-Length: 7\r\n")
                .endsWith("\r\n\r\n{\"x\":1}");
    }

    @Test
    void a_get_without_a_body_sends_no_content_length() throws Exception {
        serve(out -> write(out, "HTTP/1.1 204 No Content\r\n\r\n"));

        try (HttpCall.Answer answer = HttpCall.send(uri("/healthz"), "GET", List.of(), null, TIMEOUT)) {
            assertThat(answer.status()).isEqualTo(204);
            assertThat(answer.body().readAllBytes()).isEmpty();
        }
        assertThat(received.get(30, TimeUnit.SECONDS)).startsWith("GET /healthz HTTP/1.1\r\n")
                .doesNotContainIgnoringCase("content-length");
    }

    @Test
    void reads_a_chunked_answer_with_extensions_and_trailers_and_skips_interim_answers() throws Exception {
        serve(out -> write(out, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: yes\r\n\r\n"));

        try (HttpCall.Answer answer = HttpCall.send(uri("/"), "GET", List.of(), null, TIMEOUT)) {
            assertThat(answer.status()).isEqualTo(200);
            assertThat(new String(answer.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello world");
        }
    }

    @Test
    void a_chunk_can_be_read_before_the_answer_ends() throws Exception {
        CountDownLatch firstRead = new CountDownLatch(1);
        serve(out -> {
            write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nfirst\n\r\n");
            // the rest only once the client has read the first chunk: a client that waited for the whole body hangs
            assertThat(firstRead.await(30, TimeUnit.SECONDS)).isTrue();
            write(out, "7\r\nsecond\n\r\n0\r\n\r\n");
        });

        try (HttpCall.Answer answer = HttpCall.send(uri("/system/logs"), "GET", List.of(), null, null)) {
            byte[] first = answer.body().readNBytes(6);
            assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("first\n");
            firstRead.countDown();
            assertThat(new String(answer.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("second\n");
        }
    }

    @Test
    void an_answer_without_length_is_read_until_the_connection_closes() throws Exception {
        serve(out -> write(out, "HTTP/1.0 200 OK\r\n\r\nall of it"));

        try (HttpCall.Answer answer = HttpCall.send(uri("/"), "GET", List.of(), null, TIMEOUT)) {
            assertThat(new String(answer.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("all of it");
        }
    }

    @Test
    void an_answer_cut_short_is_an_error_not_a_short_body() throws Exception {
        serve(out -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this"));

        try (HttpCall.Answer answer = HttpCall.send(uri("/"), "GET", List.of(), null, TIMEOUT)) {
            assertThatThrownBy(() -> answer.body().readAllBytes()).isInstanceOf(IOException.class)
                    .hasMessageContaining("closed 91 bytes before the end");
        }
    }

    @Test
    void an_answer_head_over_the_bound_is_refused() {
        serve(out -> {
            write(out, "HTTP/1.1 200 OK\r\n");
            String header = "X-Big: " + "a".repeat(1000) + "\r\n";
            for (int i = 0; i * header.length() <= 2 * HttpCall.MAX_HEAD_BYTES; i++) {
                write(out, header);
            }
        });

        assertThatThrownBy(() -> HttpCall.send(uri("/"), "GET", List.of(), null, TIMEOUT))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("longer than " + HttpCall.MAX_HEAD_BYTES + " bytes");
    }

    @Test
    void something_that_is_not_http_is_named_in_the_error() {
        serve(out -> write(out, "SSH-2.0-OpenSSH\r\n\r\n"));

        assertThatThrownBy(() -> HttpCall.send(uri("/"), "GET", List.of(), null, TIMEOUT))
                .isInstanceOf(IOException.class).hasMessageContaining("not an HTTP/1.x answer: SSH-2.0-OpenSSH");
    }

    @Test
    void a_gateway_that_does_not_answer_in_time_is_a_timeout() {
        CountDownLatch done = new CountDownLatch(1);
        serve(out -> done.await(30, TimeUnit.SECONDS));

        long start = System.nanoTime();
        assertThatThrownBy(() -> HttpCall.send(uri("/"), "GET", List.of(), null, Duration.ofMillis(300)))
                .isInstanceOf(HttpTimeoutException.class).hasMessage("request timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250),
                Duration.ofSeconds(20));
        done.countDown();
    }

    @Test
    void a_port_nobody_listens_on_is_a_connect_exception() throws IOException {
        URI closed = uri("/");
        server.close();

        assertThatThrownBy(() -> HttpCall.send(closed, "GET", List.of(), null, TIMEOUT))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void https_checks_the_gateways_certificate_against_the_jdks_trust_store(@TempDir Path dir) throws Exception {
        // a self-signed certificate, which no trust store holds: the handshake must fail rather than the call succeed
        Path keystore = dir.resolve("gateway.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "gateway", "-keyalg", "EC", "-dname", "CN=127.0.0.1", "-ext",
                "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit").redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(managers.getKeyManagers(), null, null);
        try (SSLServerSocket secure = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getLoopbackAddress())) {
            Thread thread = new Thread(() -> {
                try (Socket socket = secure.accept()) {
                    socket.getInputStream().read(); // the handshake, which the client ends
                } catch (IOException expected) {
                    // the client refuses the certificate
                }
            }, "http-call-test-tls");
            thread.setDaemon(true);
            thread.start();

            assertThatThrownBy(() -> HttpCall.send(URI.create("https://127.0.0.1:" + secure.getLocalPort() + "/"),
                    "GET", List.of(), null, TIMEOUT)).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void a_header_with_a_line_break_is_refused_before_anything_is_sent() {
        assertThatThrownBy(() -> HttpCall.send(uri("/"), "GET",
                List.<String[]>of(new String[] {"X-Test", "a\r\nInjected: yes"}), null, TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid header value");
        assertThat(received).isNotDone();
    }
}
