package io.jfaas.gateway.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.provider.EndpointsUpdate;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Keeps an {@link EndpointTable} up to date from the provider's endpoints feed ({@code GET /system/endpoints}), on one
 * virtual thread: connects, applies every line, and when the connection fails or falls silent for three heartbeats,
 * connects again after a back-off that doubles from {@link #MIN_BACKOFF} to {@link #MAX_BACKOFF}. Before each attempt
 * {@code beforeConnect} runs (the provider's {@code /system/info}); an attempt fails if it does. While disconnected the
 * table keeps what it last heard.
 */
final class EndpointFeed implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EndpointFeed.class.getName());
    static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** A feed silent for this long is taken for dead. */
    static final Duration SILENCE = Duration.ofSeconds(3L * EndpointsUpdate.HEARTBEAT_SECONDS);

    private final HttpClient http;
    private final Supplier<HttpRequest> request;
    private final Runnable beforeConnect;
    private final EndpointTable table;
    private final ObjectMapper json;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final CountDownLatch firstSnapshot = new CountDownLatch(1);
    private volatile boolean connected;
    /** Whether the first failure to reach the provider was logged (the next ones are not, until it was reached). */
    private boolean warned;
    private volatile String lastProblem = "not connected yet";
    private volatile Stream<String> current;
    private volatile long lastLineNanos;
    private Thread thread;

    EndpointFeed(HttpClient http, Supplier<HttpRequest> request, Runnable beforeConnect, EndpointTable table,
                 ObjectMapper json) {
        this.http = http;
        this.request = request;
        this.beforeConnect = beforeConnect;
        this.table = table;
        this.json = json;
    }

    void start() {
        thread = Thread.ofVirtual().name("endpoint-feed").start(this::run);
        Thread.ofVirtual().name("endpoint-feed-silence").start(this::watchSilence);
    }

    /** Whether the feed has delivered its first snapshot: from then on the table can answer. */
    boolean ready() {
        return firstSnapshot.getCount() == 0;
    }

    /** Whether the feed is connected now. */
    boolean connected() {
        return connected;
    }

    /** Why the feed is not connected, when it is not. */
    String lastProblem() {
        return lastProblem;
    }

    /** Waits up to {@code timeout} for the first snapshot (tests and start-up logs). */
    boolean awaitReady(Duration timeout) throws InterruptedException {
        return firstSnapshot.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void run() {
        Duration backoff = MIN_BACKOFF;
        while (closed.getCount() > 0) {
            boolean hadConnected = false;
            try {
                beforeConnect.run();
                HttpResponse<Stream<String>> response = http.send(request.get(), HttpResponse.BodyHandlers.ofLines());
                if (response.statusCode() != 200) {
                    try (Stream<String> body = response.body()) {
                        throw new IllegalStateException("the endpoints feed answered " + response.statusCode()
                                + ": " + body.limit(5).reduce("", (a, b) -> a + b).strip());
                    }
                }
                try (Stream<String> lines = response.body()) {
                    current = lines;
                    lastLineNanos = System.nanoTime();
                    lines.forEach(this::apply);
                }
                lastProblem = "the endpoints feed ended";
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                lastProblem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                if (!ready() && !warned) {
                    warned = true;
                    LOG.warning("the functions provider is not reachable yet (" + lastProblem + "): calls get 503"
                            + " until it is; trying again with back-off up to " + MAX_BACKOFF.toSeconds() + " s");
                }
            } finally {
                current = null;
                hadConnected = connected;
                if (connected) {
                    LOG.warning("lost the provider's endpoints feed (" + lastProblem + "): reconnecting; calls use"
                            + " the endpoints last heard of meanwhile");
                }
                connected = false;
            }
            try {
                if (closed.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            // a feed that was up starts again from the shortest wait; failures in a row wait longer each time
            backoff = hadConnected ? MIN_BACKOFF
                    : backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private void apply(String line) {
        lastLineNanos = System.nanoTime();
        if (line.isBlank()) {
            return;
        }
        EndpointsUpdate update;
        try {
            update = json.readValue(line, EndpointsUpdate.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the endpoints feed sent a line that is not an update: "
                    + e.getOriginalMessage());
        }
        table.apply(update);
        if (update.snapshot()) {
            if (!connected) {
                LOG.info("connected to the provider's endpoints feed");
            }
            connected = true;
            firstSnapshot.countDown();
        }
    }

    private void watchSilence() {
        try {
            while (!closed.await(1, TimeUnit.SECONDS)) {
                Stream<String> lines = current;
                if (lines != null && System.nanoTime() - lastLineNanos > SILENCE.toNanos()) {
                    lastProblem = "the endpoints feed was silent for " + SILENCE.toSeconds() + " s";
                    lines.close();
                }
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    @Override
    public void close() {
        closed.countDown();
        Stream<String> lines = current;
        if (lines != null) {
            lines.close();
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
