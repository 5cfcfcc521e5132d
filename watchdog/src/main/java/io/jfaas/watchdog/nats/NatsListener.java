package io.jfaas.watchdog.nats;

import com.sun.net.httpserver.HttpExchange;
import io.jfaas.contracts.NatsEnvelope;
import io.jfaas.watchdog.runner.Log;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Serves calls that come as NATS requests on one subject, as a member of the queue group of the same name (so each
 * request goes to one replica of the function). Each request is handed, on the watchdog's executor, to the same
 * handler as HTTP requests.
 */
public final class NatsListener {

    private final Connection connection;
    private final Dispatcher dispatcher;
    private final String subject;

    private NatsListener(Connection connection, Dispatcher dispatcher, String subject) {
        this.connection = connection;
        this.dispatcher = dispatcher;
        this.subject = subject;
    }

    /** Connects and subscribes; fails with a message naming the server when it cannot be reached. */
    public static NatsListener start(String url, String subject, String name, ExecutorService executor,
                                     Consumer<HttpExchange> handler) throws IOException {
        Options options = Options.builder()
                .server(url)
                .connectionName("jfaas-watchdog " + name)
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(250))
                .connectionTimeout(Duration.ofSeconds(5))
                .connectionListener((conn, event) -> Log.info("watchdog: NATS " + NatsEnvelope.withoutCredentials(url) + ": " + event))
                .errorListener(new io.nats.client.ErrorListener() { })
                .build();
        Connection connection;
        try {
            connection = Nats.connect(options);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to NATS at " + NatsEnvelope.withoutCredentials(url), e);
        } catch (IOException e) {
            throw new IOException("cannot connect to NATS at " + NatsEnvelope.withoutCredentials(url) + ": " + e.getMessage(), e);
        }
        Dispatcher dispatcher = connection.createDispatcher(message -> {
            NatsExchange exchange = NatsExchange.of(connection, message);
            if (exchange != null) {
                executor.execute(() -> handler.accept(exchange));
            }
        });
        dispatcher.subscribe(subject, subject);
        try {
            // the subscription is known to the server before the replica reports ready
            connection.flush(Duration.ofSeconds(5));
        } catch (Exception e) {
            try {
                connection.close();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("cannot subscribe to " + subject + " at " + NatsEnvelope.withoutCredentials(url) + ": " + e.getMessage(), e);
        }
        return new NatsListener(connection, dispatcher, subject);
    }

    /** Stops taking requests: the subscription is drained, so requests already delivered are still served. */
    public void drain(Duration timeout) {
        try {
            dispatcher.drain(timeout).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            Log.info("watchdog: draining " + subject + " did not complete: " + e);
        }
    }

    /** Closes the connection, once every call in flight has answered. */
    public void close() {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
