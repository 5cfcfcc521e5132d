package io.jfaas.gateway.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.jfaas.gateway.Gateway;
import io.jfaas.gateway.GatewayConfig;
import io.jfaas.model.FunctionDeployment;
import io.jfaas.gateway.http.HttpErrors;
import io.jfaas.model.FunctionRef;
import io.jfaas.provider.ProviderException;
import io.jfaas.provider.Endpoint;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway in front of a provider whose endpoints feed announces several replicas (each a small HTTP server on its
 * own loopback port, counting the calls it gets): calls are spread over the ready ones, a replica added under load gets
 * calls at once, a removed one gets none, and a function that is waking or starting is waited for instead of failing.
 */
class EndpointBalancingTest {

    static final FunctionRef FN = new FunctionRef("spread", "openfaas-fn");
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    ProviderServer provider;
    Gateway gateway;
    final List<Replica> replicas = new ArrayList<>();

    /** One replica: answers 200 after a millisecond, counting calls, and noting when the first came. */
    static final class Replica implements AutoCloseable {
        final HttpServer server;
        final AtomicInteger calls = new AtomicInteger();
        final AtomicLong firstCallNanos = new AtomicLong();

        Replica() throws Exception {
            System.setProperty("sun.net.httpserver.nodelay", "true");
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                firstCallNanos.compareAndSet(0, System.nanoTime());
                calls.incrementAndGet();
                exchange.getRequestBody().readAllBytes();
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        Endpoint endpoint() {
            return new Endpoint("127.0.0.1", server.getAddress().getPort());
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @BeforeEach
    void start() throws Exception {
        provider = ProviderServer.start(Files.createDirectories(dir.resolve("provider")), 9);
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("basic-auth-user"), ProviderServer.CREDENTIALS.user());
        Files.writeString(secrets.resolve("basic-auth-password"), ProviderServer.CREDENTIALS.password());
        Map<String, String> env = new HashMap<>(Map.of("port", "0", "JFAAS_METRICS_PORT", "0", "HOME", dir.toString(),
                "JFAAS_STATE_DIR", dir.resolve("state").toString(), "secret_mount_path", secrets.toString(),
                "functions_provider_url", provider.url().toString(), "JFAAS_READY_TIMEOUT", "20s"));
        gateway = Gateway.start(GatewayConfig.fromEnv(env), env);
        await().atMost(Duration.ofSeconds(20)).until(remote()::ready);
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.stop();
        }
        provider.close();
        replicas.forEach(Replica::close);
    }

    RemoteProvider remote() {
        return (RemoteProvider) gateway.provider();
    }

    Replica replica() throws Exception {
        Replica replica = new Replica();
        replicas.add(replica);
        return replica;
    }

    HttpResponse<String> call(String name) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/function/" + name))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Callers calling {@code name} without pause until stopped; every status that is not 200 is counted. */
    final class Load implements AutoCloseable {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger ok = new AtomicInteger();
        final Map<Integer, AtomicInteger> failures = new ConcurrentHashMap<>();
        final List<Thread> callers = new ArrayList<>();

        Load(String name, int callers) {
            for (int i = 0; i < callers; i++) {
                this.callers.add(Thread.ofVirtual().start(() -> {
                    while (!stop.get()) {
                        try {
                            int status = call(name).statusCode();
                            if (status == 200) {
                                ok.incrementAndGet();
                            } else {
                                failures.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                            }
                        } catch (Exception e) {
                            failures.computeIfAbsent(-1, s -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                }));
            }
        }

        void awaitCalls(int more) {
            int target = ok.get() + more;
            await().atMost(Duration.ofSeconds(60)).until(() -> ok.get() >= target);
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            for (Thread caller : callers) {
                caller.join();
            }
        }
    }

    @Test
    void calls_spread_over_ready_replicas_a_new_one_gets_calls_at_once_and_a_removed_one_none() throws Exception {
        Replica a = replica();
        Replica b = replica();
        Replica c = replica();
        provider.provider().deploy(FunctionDeployment.of(FN.name(), "x:1").withNamespace(FN.namespace())).join();
        provider.endpoints(FN, List.of(a.endpoint(), b.endpoint(), c.endpoint()));
        await().atMost(Duration.ofSeconds(10)).until(() -> remote().endpoints(FN).size() == 3);
        Map<String, Integer> before = provider.requestsByPath();

        Load measured;
        try (Load load = new Load(FN.name(), 8)) {
            measured = load;
            load.awaitCalls(1500);
            int total = a.calls.get() + b.calls.get() + c.calls.get();
            double mean = total / 3.0;
            for (Replica r : List.of(a, b, c)) {
                assertThat(Math.abs(r.calls.get() - mean) / mean).as("imbalance of %s of %s calls (%s, %s, %s)",
                        r.calls.get(), total, a.calls.get(), b.calls.get(), c.calls.get()).isLessThan(0.2);
            }

            Replica d = replica();
            long added = System.nanoTime();
            provider.endpoints(FN, List.of(a.endpoint(), b.endpoint(), c.endpoint(), d.endpoint()));
            await().atMost(Duration.ofSeconds(10)).until(() -> d.firstCallNanos.get() != 0);
            Duration toFirstCall = Duration.ofNanos(d.firstCallNanos.get() - added);
            System.out.println("a replica added under load got its first call after " + toFirstCall.toMillis() + " ms");
            assertThat(toFirstCall).isLessThan(Duration.ofSeconds(1));

            provider.endpoints(FN, List.of(a.endpoint(), c.endpoint(), d.endpoint()));
            await().atMost(Duration.ofSeconds(10)).until(() -> !remote().endpoints(FN).contains(b.endpoint()));
            // calls sent before the change may still be answering: count from when they are over
            int bLeft = b.calls.get();
            load.awaitCalls(200);
            bLeft = b.calls.get();
            load.awaitCalls(1000);
            assertThat(b.calls.get()).as("calls to the removed replica").isEqualTo(bLeft);
            assertThat(load.failures).as("calls that did not get 200").isEmpty();
        }
        // what a call could ask (its function's status, a scale) was never asked; the gateway's background reads
        // (the UI's call history lists the functions every few seconds) are not per call
        Map<String, Integer> during = new java.util.TreeMap<>();
        provider.requestsByPath().forEach((path, count) -> {
            int more = count - before.getOrDefault(path, 0);
            if (more > 0) {
                during.put(path, more);
            }
        });
        System.out.println("requests to the provider during " + measured.ok.get() + " calls: " + during);
        assertThat(during.keySet()).as("requests to the provider during the load")
                .noneMatch(path -> path.contains("/system/function/") || path.contains("/system/scale-function/"));
    }

    @Test
    void a_wake_from_zero_waits_for_an_endpoint_and_skips_one_that_refuses_connections() throws Exception {
        Replica a = replica();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        provider.provider().deploy(FunctionDeployment.of(FN.name(), "x:1").withNamespace(FN.namespace())).join();
        provider.provider().scale(FN, 0).join();
        provider.endpoints(FN, List.of());
        // the gateway has heard of the function and that it is at zero
        await().atMost(Duration.ofSeconds(10)).until(() -> remote().resolve(FN).handle((upstream, failure) ->
                failure != null && HttpErrors.unwrap(failure) instanceof ProviderException e
                        && e.kind() == ProviderException.Kind.SCALED_TO_ZERO).join());

        CompletableFuture<HttpResponse<String>> waking = CompletableFuture.supplyAsync(() -> {
            try {
                return call(FN.name());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> provider.provider().scaledTo(FN).orElse(0L) > 0);
        // the first endpoint to appear does not accept connections yet; then a good one appears
        provider.endpoints(FN, List.of(new Endpoint("127.0.0.1", closedPort)));
        await().atMost(Duration.ofSeconds(10)).until(() -> remote().endpoints(FN).size() == 1);
        provider.endpoints(FN, List.of(new Endpoint("127.0.0.1", closedPort), a.endpoint()));

        HttpResponse<String> answer = waking.get();
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(a.calls.get()).isEqualTo(1);
    }

    @Test
    void a_call_right_after_deploy_waits_while_the_function_has_no_deployment_yet() throws Exception {
        Replica a = replica();
        FunctionRef fresh = new FunctionRef("fresh", "openfaas-fn");
        provider.starting(fresh, true);
        provider.endpoints(fresh, List.of());
        HttpResponse<String> deployed = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.port() + "/system/functions"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "admin:s3cret".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"service\":\"fresh\",\"image\":\"x:1\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(deployed.statusCode()).isEqualTo(202);

        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
            try {
                return call("fresh");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(first).as("the call waits while the function starts").isNotDone();
        provider.starting(fresh, false);
        provider.endpoints(fresh, List.of(a.endpoint()));

        HttpResponse<String> answer = first.get();
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }
}
