package io.jfaas.watchdog.runner;

import io.jfaas.contracts.Durations;
import io.jfaas.watchdog.config.WatchdogConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * http mode, as of-watchdog's: {@code fprocess} starts once and listens on {@code upstream_url}; every request is
 * proxied to it, streamed both ways. {@code exec_timeout} (or a shorter {@code X-Timeout} from the caller) gives 504;
 * any other failure to reach the process gives 500, both marked {@code X-OpenFaaS-Internal: of-watchdog}. If the
 * process exits, so does the watchdog. Any language works.
 */
final class HttpRunner implements FunctionRunner {

    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "host",
            "upgrade", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "http2-settings");

    private final WatchdogConfig config;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Runnable onProcessExit;
    private Process process;
    private volatile boolean stopping;

    /** @param onProcessExit what to do when fprocess exits on its own (the watchdog exits 1) */
    HttpRunner(WatchdogConfig config, Runnable onProcessExit) {
        this.config = config;
        this.onProcessExit = onProcessExit;
    }

    @Override
    public void start() throws IOException {
        process = ChildProcesses.start(new ProcessBuilder(config.fprocess()));
        process.getOutputStream().close();
        ChildOutput.copy(process.getInputStream(), "stdout", config.prefixLogs());
        ChildOutput.copy(process.getErrorStream(), "stderr", config.prefixLogs());
        process.onExit().thenAccept(exited -> {
            if (!stopping) {
                Log.info("watchdog: fprocess " + config.fprocess() + " exited with code " + exited.exitValue()
                        + "; stopping");
                onProcessExit.run();
            }
        });
    }

    /** The process accepts connections; with {@code ready_path}, it also answers 2xx there. */
    @Override
    public boolean isReady() {
        if (!config.readyPath().isEmpty()) {
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(
                        config.upstreamUrl().toString().replaceAll("/+$", "") + config.readyPath()))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
                return response.statusCode() >= 200 && response.statusCode() < 300;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        URI upstream = config.upstreamUrl();
        int port = upstream.getPort() > 0 ? upstream.getPort() : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(upstream.getHost(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void serve(Exchange exchange) throws IOException {
        URI target = URI.create(config.upstreamUrl().toString().replaceAll("/+$", "") + exchange.rawPath()
                + (exchange.rawQuery() == null ? "" : "?" + exchange.rawQuery()));
        HttpRequest.Builder request = HttpRequest.newBuilder(target).method(exchange.method(), body(exchange));
        exchange.requestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        Duration timeout = timeout(exchange.requestHeaders().getFirst("X-Timeout"));
        if (timeout != null) {
            request.timeout(timeout);
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            exchange.sendText(500, "cannot connect to the function at " + config.upstreamUrl() + " in time\n",
                    Exchange.INTERNAL_HEADER, "of-watchdog");
            return;
        } catch (HttpTimeoutException e) {
            exchange.sendText(504, "function did not answer within " + timeout.toMillis() + " ms\n",
                    Exchange.INTERNAL_HEADER, "of-watchdog");
            return;
        } catch (BodyTooLargeException e) {
            throw e;
        } catch (IOException e) {
            exchange.sendText(500, "cannot reach the function at " + config.upstreamUrl() + ": " + e + "\n",
                    Exchange.INTERNAL_HEADER, "of-watchdog");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.responseHeaders().put(name, List.copyOf(values));
            }
        });
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        try (InputStream in = response.body(); OutputStream out = exchange.start(response.statusCode(), length)) {
            byte[] buffer = new byte[16384];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        }
    }

    private static HttpRequest.BodyPublisher body(Exchange exchange) throws BodyTooLargeException {
        String length = exchange.requestHeaders().getFirst("Content-Length");
        String encoding = exchange.requestHeaders().getFirst("Transfer-Encoding");
        InputStream in = exchange.requestBody();
        if (length != null) {
            long bytes = Long.parseLong(length.trim());
            return bytes == 0 ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> in), bytes);
        }
        return encoding == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofInputStream(() -> in);
    }

    /** exec_timeout, shortened (never lengthened) by the caller's X-Timeout; null for none. */
    private Duration timeout(String header) {
        Duration limit = config.hasExecTimeout() ? config.execTimeout() : null;
        if (header != null && !header.isBlank()) {
            try {
                Duration asked = Durations.parse(header);
                if (!asked.isZero() && (limit == null || asked.compareTo(limit) < 0)) {
                    limit = asked;
                }
            } catch (IllegalArgumentException e) {
                // an unreadable X-Timeout is ignored, as of-watchdog does
            }
        }
        return limit;
    }

    @Override
    public void stop() {
        stopping = true;
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(config.writeTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
