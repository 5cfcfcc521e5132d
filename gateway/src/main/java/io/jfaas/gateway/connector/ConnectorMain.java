package io.jfaas.gateway.connector;

import com.sun.net.httpserver.HttpServer;
import io.jfaas.gateway.auth.Credentials;
import io.jfaas.model.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

/**
 * The connector as a process of its own (in a cluster, next to the gateway):
 * {@code java -cp gateway.jar io.jfaas.gateway.connector.ConnectorMain}, with {@link ConnectorConfig}'s settings. It
 * calls the gateway at {@code gateway_url} with the basic-auth credentials in {@code secret_mount_path}, and answers
 * {@code GET /healthz} on {@code JFAAS_BIND_ADDRESS}:{@code JFAAS_METRICS_PORT}.
 */
public final class ConnectorMain {

    private static final Logger LOG = Logger.getLogger(ConnectorMain.class.getName());

    private ConnectorMain() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
        ConnectorConfig config;
        try {
            config = ConnectorConfig.fromEnv(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("connector: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        Connector connector;
        HttpServer health;
        try {
            Optional<Credentials> credentials = config.basicAuth()
                    ? Optional.of(Credentials.read(config.secretMountPath())) : Optional.empty();
            connector = Connector.start(config, credentials, Json.newMapper());
            health = healthServer(config, connector);
        } catch (IOException | RuntimeException e) {
            System.err.println("connector: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            health.stop(0);
            connector.close();
            stopped.countDown();
        }, "connector-shutdown"));
        stopped.await();
    }

    /** {@code GET /healthz}: 200 while the NATS connection (if any) is up, else 503 naming its state. */
    private static HttpServer healthServer(ConnectorConfig config, Connector connector) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true"); // else ~44 ms per answer (Nagle meets delayed ACKs)
        HttpServer server = HttpServer.create(new InetSocketAddress(config.bindAddress(), config.healthPort()), 0);
        server.createContext("/healthz", exchange -> {
            boolean up = connector.healthy();
            byte[] body = (up ? "OK" : connector.state()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(up ? 200 : 503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        LOG.info("connector: health on http://" + config.bindAddress() + ":" + server.getAddress().getPort()
                + "/healthz");
        return server;
    }
}
