package io.jfaas.gateway.async;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.gateway.GatewayConfig;
import io.jfaas.gateway.auth.Credentials;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.FunctionStatus;
import io.jfaas.model.Json;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

/**
 * The queue worker as a process of its own (for Kubernetes, next to gateways run with
 * {@code JFAAS_QUEUE_WORKER=false}): {@code java -cp gateway.jar io.jfaas.gateway.async.QueueWorkerMain}. The gateway's
 * settings, plus the NATS URL (required: a worker must share the gateways' queue) and {@code faas_gateway_address} /
 * {@code faas_gateway_port}, the gateway whose {@code /function} route it calls and whose
 * {@code /system/function/NAME} tells it a function's retry annotations (with the basic-auth credentials from
 * {@code secret_mount_path} when {@code basic_auth} is on).
 */
public final class QueueWorkerMain {

    private static final Logger LOG = Logger.getLogger(QueueWorkerMain.class.getName());

    private QueueWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
        GatewayConfig config;
        try {
            config = GatewayConfig.fromEnv(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("queue worker: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        AsyncConfig async = config.async();
        if (async.natsUrl().isEmpty()) {
            System.err.println("queue worker: set " + AsyncConfig.NATS_URL + " (or " + AsyncConfig.NATS_ADDRESS
                    + "): a worker process reads the gateways' JetStream queue");
            System.exit(2);
            return;
        }
        Optional<String> authorization = Optional.empty();
        if (config.basicAuth()) {
            Credentials credentials = Credentials.read(config.secretMountPath());
            authorization = Optional.of("Basic " + Base64.getEncoder().encodeToString(
                    (credentials.user() + ":" + credentials.password()).getBytes(StandardCharsets.UTF_8)));
        }
        ObjectMapper json = Json.newMapper();
        JetStreamQueue queue = JetStreamQueue.connect(async.natsUrl().get(), json, async.ackWait(),
                JetStreamQueue.maxAckPending(async.maxInflight()), async.streamMaxBytes());
        URI gateway = URI.create(async.gatewayUrl());
        QueueWorker worker = new QueueWorker(queue, async, gateway,
                annotationsOverHttp(gateway, authorization, json), config.functionNamespace(),
                config.upstreamTimeout().plusSeconds(30));
        worker.start();
        HttpServer health = healthServer(config, queue);
        LOG.info("queue worker: reading " + queue.description() + ", calling " + gateway + "; max_inflight "
                + async.maxInflight() + ", per function " + async.functionMaxInflight() + ", ack_wait "
                + async.ackWait().toSeconds() + "s");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            health.stop(0);
            worker.close();
            queue.close();
            stopped.countDown();
        }, "queue-worker-shutdown"));
        stopped.await();
    }

    /**
     * {@code GET /healthz} on {@code JFAAS_BIND_ADDRESS}:{@code JFAAS_METRICS_PORT} (0 picks a free port), for
     * Kubernetes probes: 200 while the NATS connection is up, else 503 naming its state.
     */
    private static HttpServer healthServer(GatewayConfig config, JetStreamQueue queue) throws java.io.IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true"); // else ~44 ms per answer (Nagle meets delayed ACKs)
        HttpServer server = HttpServer.create(new InetSocketAddress(config.bindAddress(), config.metricsPort()), 0);
        server.createContext("/healthz", exchange -> {
            boolean up = queue.connected();
            byte[] body = (up ? "OK" : "NATS connection is not up").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(up ? 200 : 503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        LOG.info("queue worker: health on http://" + config.bindAddress() + ":" + server.getAddress().getPort()
                + "/healthz");
        return server;
    }

    /** How long a function's annotations read from the gateway are used before they are read again. */
    private static final long ANNOTATIONS_TTL_NANOS = Duration.ofSeconds(10).toNanos();

    private record Cached(long readAt, Map<String, String> annotations) {
    }

    /**
     * A function's annotations from the gateway's {@code GET /system/function/NAME?namespace=NS}, kept for ten seconds
     * so that a busy worker does not ask once per call.
     */
    private static java.util.function.Function<FunctionRef, CompletableFuture<Map<String, String>>> annotationsOverHttp(
            URI gateway, Optional<String> authorization, ObjectMapper json) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Map<FunctionRef, Cached> cache = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.function.Function<FunctionRef, CompletableFuture<Map<String, String>>> read = ref -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve("/system/function/" + ref.name()
                    + "?namespace=" + ref.namespace())).timeout(Duration.ofSeconds(10));
            authorization.ifPresent(value -> request.header("Authorization", value));
            return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> {
                if (response.statusCode() != 200) {
                    return Map.<String, String>of();
                }
                try {
                    Map<String, String> annotations = json.readValue(response.body(), FunctionStatus.class)
                            .annotations();
                    cache.put(ref, new Cached(System.nanoTime(), annotations));
                    return annotations;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        };
        return ref -> {
            Cached cached = cache.get(ref);
            if (cached != null && System.nanoTime() - cached.readAt() < ANNOTATIONS_TTL_NANOS) {
                return CompletableFuture.completedFuture(cached.annotations());
            }
            return read.apply(ref);
        };
    }
}
