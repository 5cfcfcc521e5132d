package io.jfaas.gateway.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfaas.gateway.auth.Credentials;
import io.jfaas.provider.LogQuery;
import io.jfaas.provider.LogStream;
import io.jfaas.provider.ProviderException;
import io.jfaas.provider.Upstream;
import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.FunctionResources;
import io.jfaas.model.FunctionStatus;
import io.jfaas.model.LogMessage;
import io.jfaas.model.Secret;
import io.jfaas.model.SyncTransport;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RemoteProvider} against a real server of the provider contract ({@link ProviderServer}). */
class RemoteProviderTest {

    private static final FunctionRef FN = new FunctionRef("fn", "openfaas-fn");

    @TempDir
    Path state;

    private ProviderServer server;
    private RemoteProvider remote;

    @BeforeEach
    void start() {
        server = ProviderServer.start(state, 9);
        remote = connect(server.url(), Optional.of(ProviderServer.CREDENTIALS), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        remote.close().join();
        server.close();
    }

    private static RemoteProvider connect(URI url, Optional<Credentials> credentials, Duration readyTimeout) {
        return connect(url, credentials, SyncTransport.HTTP_ONLY, readyTimeout);
    }

    private static RemoteProvider connect(URI url, Optional<Credentials> credentials, SyncTransport transport,
                                          Duration readyTimeout) {
        RemoteProvider provider = RemoteProvider.start(new RemoteProvider.Settings(url, credentials, transport,
                readyTimeout, Duration.ofSeconds(10), 100));
        await().atMost(Duration.ofSeconds(20)).until(provider::ready);
        return provider;
    }

    /** A provider client that is not waited for: it may never reach the provider. */
    private static RemoteProvider started(URI url, Optional<Credentials> credentials) {
        return RemoteProvider.start(new RemoteProvider.Settings(url, credentials, SyncTransport.HTTP_ONLY,
                Duration.ofSeconds(1), Duration.ofSeconds(10), 100));
    }

    private static ProviderException failure(CompletableFuture<?> future) {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            assertThat(cause).isInstanceOf(ProviderException.class);
            return (ProviderException) cause;
        } catch (Exception e) {
            throw new AssertionError("the call did not fail in time: " + e, e);
        }
        throw new AssertionError("the call succeeded: " + future.join());
    }

    @Test
    void deploysListsUpdatesAndRemovesFunctionsThroughTheProvidersApi() {
        FunctionDeployment full = new FunctionDeployment("fn", "ghcr.io/me/fn:1", "openfaas-fn", "java Handler",
                Map.of("K", "V"), List.of("node.platform.os == linux"), List.of("s1"), Map.of("team", "a"),
                Map.of("topic", "t"), new FunctionResources("128Mi", "100m"), new FunctionResources("64Mi", "50m"),
                true);
        remote.deploy(full).join();

        assertThat(server.provider().deployed(FN)).contains(full);
        List<FunctionStatus> listed = remote.list("openfaas-fn").join();
        assertThat(listed).extracting(FunctionStatus::name).containsExactly("fn");
        FunctionStatus status = remote.status(FN).join().orElseThrow();
        assertThat(status.image()).isEqualTo("ghcr.io/me/fn:1");
        assertThat(status.labels()).containsEntry("team", "a").containsEntry("faas_function", "fn");
        assertThat(status.limits()).isEqualTo(new FunctionResources("128Mi", "100m"));
        assertThat(status.readOnlyRootFilesystem()).isTrue();
        assertThat(remote.list("team-a").join()).isEmpty();

        assertThat(failure(remote.deploy(full)).kind()).isEqualTo(ProviderException.Kind.CONFLICT);

        remote.update(FunctionDeployment.of("fn", "ghcr.io/me/fn:2").withNamespace("openfaas-fn")).join();
        assertThat(remote.status(FN).join().orElseThrow().image()).isEqualTo("ghcr.io/me/fn:2");
        assertThat(failure(remote.update(FunctionDeployment.of("nope", "x:1").withNamespace("openfaas-fn"))).kind())
                .isEqualTo(ProviderException.Kind.NOT_FOUND);

        remote.remove(FN).join();
        assertThat(remote.status(FN).join()).isEmpty();
        assertThat(failure(remote.remove(FN)).kind()).isEqualTo(ProviderException.Kind.NOT_FOUND);
    }

    @Test
    void invalidRequestsComeBackWithTheProvidersKindAndText() {
        ProviderException e = failure(remote.deploy(FunctionDeployment.of("Not_A_Name", "x:1")
                .withNamespace("openfaas-fn")));
        assertThat(e.kind()).isEqualTo(ProviderException.Kind.INVALID);
        assertThat(e.getMessage()).contains("Not_A_Name");
    }

    @Test
    void scalesToZeroAndBackAndResolveFollowsTheFeed() {
        remote.deploy(FunctionDeployment.of("fn", "x:1").withNamespace("openfaas-fn")).join();
        Upstream first = remote.resolve(FN).orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(first.host() + ":" + first.port()).isEqualTo("127.0.0.1:9");
        first.release();

        remote.scale(FN, 0).join();
        assertThat(server.provider().scaledTo(FN)).contains(0L);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(failure(remote.resolve(FN)).kind()).isEqualTo(ProviderException.Kind.SCALED_TO_ZERO));

        remote.scale(FN, 2).join();
        // scaled up by this gateway: no longer "at zero" at once, and a call waits for the endpoint the feed brings
        Upstream upstream = remote.resolve(FN).orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(upstream.host()).isEqualTo("127.0.0.1");
        assertThat(upstream.port()).isEqualTo(9);
        upstream.release();
        assertThat(remote.status(FN).join().orElseThrow().replicas()).isEqualTo(2);

        assertThat(failure(remote.scale(new FunctionRef("nope", "openfaas-fn"), 1)).kind())
                .isEqualTo(ProviderException.Kind.NOT_FOUND);
    }

    @Test
    void resolveGivesTheNatsSubjectOfFunctionsOnTheNatsTransport() {
        RemoteProvider withNats = connect(server.url(), Optional.of(ProviderServer.CREDENTIALS),
                new SyncTransport(SyncTransport.Kind.HTTP, Optional.of("nats://nats.openfaas:4222")),
                Duration.ofSeconds(5));
        try {
            withNats.deploy(FunctionDeployment.of("fn", "x:1").withNamespace("openfaas-fn")
                    .withAnnotations(Map.of(SyncTransport.ANNOTATION, "nats"))).join();
            withNats.deploy(FunctionDeployment.of("plain", "x:1").withNamespace("openfaas-fn")).join();

            assertThat(withNats.resolve(FN).orTimeout(10, TimeUnit.SECONDS).join().natsSubject()).contains("jfaas.invoke.openfaas-fn.fn");
            assertThat(withNats.resolve(new FunctionRef("plain", "openfaas-fn")).orTimeout(10, TimeUnit.SECONDS).join()
                    .natsSubject()).isEmpty();
            // the gateway without a NATS server calls every function at its Service (once its own endpoints feed
            // has heard of the function the other client deployed)
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                    assertThat(remote.resolve(FN).orTimeout(10, TimeUnit.SECONDS).join().natsSubject()).isEmpty());
        } finally {
            withNats.close().join();
        }
    }

    @Test
    void resolveOfAnUnknownFunctionIsNotFound() {
        ProviderException e = failure(remote.resolve(new FunctionRef("ghost", "openfaas-fn")));
        assertThat(e.kind()).isEqualTo(ProviderException.Kind.NOT_FOUND);
        assertThat(e.getMessage()).contains("ghost.openfaas-fn");
    }

    @Test
    void resolveWaitsForAnAvailableReplica() {
        remote.deploy(FunctionDeployment.of("fn", "x:1").withNamespace("openfaas-fn")).join();
        await().atMost(Duration.ofSeconds(10)).until(() -> !remote.endpoints(FN).isEmpty());
        server.provider().available(FN, 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> remote.endpoints(FN).isEmpty());

        CompletableFuture<Upstream> call = remote.resolve(FN);
        assertThat(call).isNotDone();
        server.provider().available(FN, 1);

        assertThat(call.orTimeout(5, TimeUnit.SECONDS).join().host()).isEqualTo("127.0.0.1");
    }

    @Test
    void resolveGivesUpAfterTheReadyTimeoutNamingTheFunctionAndTheWait() {
        RemoteProvider impatient = connect(server.url(), Optional.of(ProviderServer.CREDENTIALS),
                Duration.ofMillis(300));
        try {
            impatient.deploy(FunctionDeployment.of("fn", "x:1").withNamespace("openfaas-fn")).join();
            await().atMost(Duration.ofSeconds(10)).until(() -> !impatient.endpoints(FN).isEmpty());
            server.provider().available(FN, 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> impatient.endpoints(FN).isEmpty());
            long started = System.nanoTime();

            ProviderException e = failure(impatient.resolve(FN));

            assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAVAILABLE);
            assertThat(e.getMessage()).contains("fn.openfaas-fn", "300 ms", "JFAAS_READY_TIMEOUT");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        } finally {
            impatient.close().join();
        }
    }

    @Test
    void createsListsUpdatesAndDeletesSecretsWithoutReturningValues() {
        remote.createSecret(new Secret("s1", "openfaas-fn", "v1", null)).join();
        assertThat(server.provider().secret(new FunctionRef("s1", "openfaas-fn")).orElseThrow().value())
                .isEqualTo("v1");
        assertThat(failure(remote.createSecret(new Secret("s1", "openfaas-fn", "again", null))).kind())
                .isEqualTo(ProviderException.Kind.CONFLICT);

        assertThat(remote.listSecrets("openfaas-fn").join()).containsExactly(new Secret("s1", "openfaas-fn", null, null));

        remote.updateSecret(new Secret("s1", "openfaas-fn", "v2", null)).join();
        assertThat(server.provider().secret(new FunctionRef("s1", "openfaas-fn")).orElseThrow().value())
                .isEqualTo("v2");

        remote.deleteSecret("s1", "openfaas-fn").join();
        assertThat(remote.listSecrets("openfaas-fn").join()).isEmpty();
        assertThat(failure(remote.deleteSecret("s1", "openfaas-fn")).kind())
                .isEqualTo(ProviderException.Kind.NOT_FOUND);
        assertThat(failure(remote.updateSecret(new Secret("s1", "openfaas-fn", "v3", null))).kind())
                .isEqualTo(ProviderException.Kind.NOT_FOUND);
    }

    @Test
    void streamsTheProvidersNdjsonLogLines() {
        remote.deploy(FunctionDeployment.of("fn", "x:1").withNamespace("openfaas-fn")).join();
        Instant t = Instant.parse("2026-01-02T03:04:05Z");
        server.provider().printLog(new LogMessage("fn", "openfaas-fn", "fn-1", t, "first"));
        server.provider().printLog(new LogMessage("fn", "openfaas-fn", "fn-2", t.plusSeconds(1), "second"));
        server.provider().printLog(new LogMessage("fn", "openfaas-fn", "fn-1", t.plusSeconds(2), "third"));
        List<LogMessage> received = new CopyOnWriteArrayList<>();

        LogStream stream = remote.logs(new LogQuery(FN, null, 2, false, null), received::add).join();
        stream.done().orTimeout(10, TimeUnit.SECONDS).join();

        assertThat(received).extracting(LogMessage::text).containsExactly("second", "third");
        assertThat(received.get(1)).isEqualTo(new LogMessage("fn", "openfaas-fn", "fn-1", t.plusSeconds(2), "third"));

        List<LogMessage> oneInstance = new CopyOnWriteArrayList<>();
        remote.logs(new LogQuery(FN, "fn-2", -1, false, null), oneInstance::add).join()
                .done().orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(oneInstance).extracting(LogMessage::text).containsExactly("second");

        assertThat(failure(remote.logs(new LogQuery(new FunctionRef("ghost", "openfaas-fn"), null, -1, false, null),
                received::add)).kind()).isEqualTo(ProviderException.Kind.NOT_FOUND);
    }

    @Test
    void readsTheProvidersNamespacesAndInfo() {
        assertThat(remote.namespaces().join()).containsExactly("openfaas-fn", "team-a");
        assertThat(remote.info().provider()).isEqualTo("fake");
        assertThat(remote.info().orchestration()).isEqualTo("memory");
    }

    @Test
    void wrongCredentialsFailWithAMessageAboutTheCredentials() {
        for (Optional<Credentials> credentials : List.of(Optional.of(new Credentials("admin", "wrong")),
                Optional.<Credentials>empty())) {
            RemoteProvider refused = started(server.url(), credentials);
            try {
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    ProviderException e = failure(refused.resolve(FN));
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("401", "credentials", server.url().toString());
                });
                assertThat(refused.ready()).isFalse();
            } finally {
                refused.close().join();
            }
        }
    }

    @Test
    void anUnreachableProviderIsAClearError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort + "/");

        RemoteProvider unreached = started(nowhere, Optional.empty());
        try {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                ProviderException atStart = failure(unreached.resolve(FN));
                assertThat(atStart.kind()).isEqualTo(ProviderException.Kind.UNAVAILABLE);
                assertThat(atStart.getMessage()).contains("cannot reach the functions provider at " + nowhere,
                        "functions_provider_url");
            });
            assertThat(unreached.info()).isEqualTo(RemoteProvider.NOT_CONNECTED);
        } finally {
            unreached.close().join();
        }

        // a provider that goes away after the gateway connected
        server.close();
        ProviderException later = failure(remote.list("openfaas-fn"));
        assertThat(later.kind()).isEqualTo(ProviderException.Kind.UNAVAILABLE);
        assertThat(later.getMessage()).contains("cannot reach the functions provider at " + server.url());
    }
}
