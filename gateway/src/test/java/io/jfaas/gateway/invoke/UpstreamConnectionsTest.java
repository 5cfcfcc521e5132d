package io.jfaas.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An event loop's own keep-alive connections to a replica: reused call after call, closed after the keep-alive time,
 * and no more than the bound kept idle.
 */
class UpstreamConnectionsTest {

    private final Vertx vertx = Vertx.vertx();
    private final Context loop = vertx.getOrCreateContext();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private HttpServer replica;
    private HttpClientAgent client;

    @BeforeEach
    void start() {
        replica = vertx.createHttpServer()
                .connectionHandler(connection -> {
                    opened.incrementAndGet();
                    open.incrementAndGet();
                    connection.closeHandler(closed -> open.decrementAndGet());
                })
                .requestHandler(request -> request.response().end("hello"))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        client = vertx.createHttpClient();
    }

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private <T> T onLoop(Supplier<Future<T>> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.runOnContext(ignored -> action.get().onComplete(done -> {
            if (done.succeeded()) {
                result.complete(done.result());
            } else {
                result.completeExceptionally(done.cause());
            }
        }));
        return result.join();
    }

    /** One call on a connection taken from the pool (or opened), given back once answered. */
    private Future<String> call(UpstreamConnections pool) {
        UpstreamConnections.Replica address = new UpstreamConnections.Replica("127.0.0.1", replica.actualPort());
        UpstreamConnections.Connection idle = pool.takeIdle(address);
        Future<UpstreamConnections.Connection> taken = idle != null ? Future.succeededFuture(idle) : pool.open(address);
        return taken.compose(connection -> connection.connection
                .request(new RequestOptions().setMethod(HttpMethod.GET).setURI("/"))
                .compose(request -> request.send())
                .compose(HttpClientResponse::body)
                .map(body -> {
                    pool.giveBack(connection);
                    return body.toString();
                }));
    }

    @Test
    void calls_one_after_another_reuse_one_connection() {
        UpstreamConnections pool = new UpstreamConnections(vertx, client, Duration.ofSeconds(30), 8);

        for (int i = 0; i < 5; i++) {
            assertThat(onLoop(() -> call(pool))).isEqualTo("hello");
        }

        assertThat(opened.get()).isEqualTo(1);
        assertThat(onLoop(() -> Future.succeededFuture(pool.idle()))).isEqualTo(1);
    }

    @Test
    void an_idle_connection_is_closed_after_the_keep_alive_time() {
        UpstreamConnections pool = new UpstreamConnections(vertx, client, Duration.ofMillis(300), 8);
        onLoop(() -> call(pool));
        assertThat(open.get()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> open.get() == 0);
        assertThat(onLoop(() -> Future.succeededFuture(pool.idle()))).isZero();
        assertThat(onLoop(() -> call(pool))).isEqualTo("hello");
        assertThat(opened.get()).isEqualTo(2);
    }

    @Test
    void no_more_than_the_bound_stay_idle() {
        UpstreamConnections pool = new UpstreamConnections(vertx, client, Duration.ofSeconds(30), 2);

        // four calls at once: four connections, of which two are kept
        onLoop(() -> Future.all(call(pool), call(pool), call(pool), call(pool)).map(all -> null));

        assertThat(opened.get()).isEqualTo(4);
        assertThat(onLoop(() -> Future.succeededFuture(pool.idle()))).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> open.get() == 2);
    }

    @Test
    void a_connection_the_replica_closed_is_not_taken_again() {
        UpstreamConnections pool = new UpstreamConnections(vertx, client, Duration.ofSeconds(30), 8);
        onLoop(() -> call(pool));

        onLoop(() -> replica.close());
        await().atMost(Duration.ofSeconds(10)).until(() -> onLoop(() -> Future.succeededFuture(pool.idle())) == 0);

        UpstreamConnections.Replica address = new UpstreamConnections.Replica("127.0.0.1", replica.actualPort());
        assertThat(onLoop(() -> Future.succeededFuture(pool.takeIdle(address)))).isNull();
    }
}
