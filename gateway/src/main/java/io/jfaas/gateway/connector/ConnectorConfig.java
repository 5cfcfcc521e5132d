package io.jfaas.gateway.connector;

import io.jfaas.contracts.EnvSettings;
import io.jfaas.contracts.NatsEnvelope;
import io.jfaas.triggers.Triggers;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The connector's settings, read once from the environment (the connector-sdk's names where it has them).
 *
 * @param enabled whether a local gateway runs the connector in its process ({@value #ENABLED})
 * @param gatewayUrl the gateway a connector process calls ({@value #GATEWAY_URL}); a local gateway uses its own
 * @param basicAuth whether the gateway asks for basic auth ({@value #BASIC_AUTH})
 * @param secretMountPath where the connector process reads {@code basic-auth-user} and {@code basic-auth-password}
 * @param natsUrl the NATS server a connector process connects to for topics and schedule claims ({@value #NATS_URL});
 *     a connector in a local gateway uses that gateway's connection instead
 * @param rebuildInterval how often the function list is read again ({@value #REBUILD_INTERVAL})
 * @param invocation how a topic's message invokes a function without the annotation ({@value #ASYNC})
 * @param maxInflight invocations one connector runs at once ({@value #MAX_INFLIGHT}); messages wait beyond it
 * @param pendingMessages messages received and not yet started that a connector holds ({@value #PENDING_MESSAGES})
 * @param pendingBytes the bytes of those ({@value #PENDING_BYTES})
 * @param upstreamTimeout the longest one invocation may take ({@value #UPSTREAM_TIMEOUT})
 * @param bindAddress where a connector process answers {@code /healthz}
 * @param healthPort its port ({@value #HEALTH_PORT}, 0 picks one)
 */
public record ConnectorConfig(boolean enabled, URI gatewayUrl, boolean basicAuth, Path secretMountPath,
                              Optional<String> natsUrl, Duration rebuildInterval, Triggers.Invocation invocation,
                              int maxInflight, int pendingMessages, long pendingBytes, Duration upstreamTimeout,
                              String bindAddress, int healthPort) {

    public static final String ENABLED = "JFAAS_CONNECTOR";
    public static final String GATEWAY_URL = "gateway_url";
    public static final String BASIC_AUTH = "basic_auth";
    public static final String SECRET_MOUNT_PATH = "secret_mount_path";
    public static final String NATS_URL = "JFAAS_NATS_URL";
    public static final String REBUILD_INTERVAL = "rebuild_interval";
    public static final String ASYNC = "asynchronous_invocation";
    public static final String MAX_INFLIGHT = "JFAAS_CONNECTOR_MAX_INFLIGHT";
    public static final String PENDING_MESSAGES = "JFAAS_CONNECTOR_PENDING_MESSAGES";
    public static final String PENDING_BYTES = "JFAAS_CONNECTOR_PENDING_BYTES";
    public static final String UPSTREAM_TIMEOUT = "upstream_timeout";
    public static final String BIND_ADDRESS = "JFAAS_BIND_ADDRESS";
    public static final String HEALTH_PORT = "JFAAS_METRICS_PORT";

    public static ConnectorConfig fromEnv(Map<String, String> env) {
        EnvSettings settings = EnvSettings.of(env);
        URI gateway = settings.read(GATEWAY_URL, "http://127.0.0.1:8080", ConnectorConfig::parseGatewayUrl);
        Optional<String> nats = settings.isSet(NATS_URL)
                ? Optional.of(settings.read(NATS_URL, "", NatsEnvelope::parseUrl)) : Optional.empty();
        Duration rebuild = settings.positiveDuration(REBUILD_INTERVAL, Duration.ofSeconds(10));
        return new ConnectorConfig(settings.bool(ENABLED, true), gateway, settings.bool(BASIC_AUTH, true),
                settings.path(SECRET_MOUNT_PATH, Path.of("/var/secrets/gateway")), nats, rebuild,
                settings.bool(ASYNC, false) ? Triggers.Invocation.ASYNC : Triggers.Invocation.SYNC,
                settings.positiveInt(MAX_INFLIGHT, 64), settings.positiveInt(PENDING_MESSAGES, 1000),
                settings.positiveBytes(PENDING_BYTES, 64L * 1024 * 1024),
                settings.positiveDuration(UPSTREAM_TIMEOUT, Duration.ofSeconds(60)),
                settings.string(BIND_ADDRESS, "0.0.0.0").trim(), settings.port(HEALTH_PORT, 8082));
    }

    private static URI parseGatewayUrl(String text) {
        URI uri;
        try {
            uri = URI.create(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL: " + text);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("an http(s) URL with a host, like http://gateway.openfaas:8080, not "
                    + text);
        }
        return uri;
    }

    /**
     * The same settings, for a connector inside a local gateway: it calls that gateway, and makes no NATS connection
     * of its own (it is given the gateway's, if any: {@link Connector#start(ConnectorConfig, Optional,
     * com.fasterxml.jackson.databind.ObjectMapper, io.vertx.core.Vertx, Optional)}).
     */
    public ConnectorConfig inGateway(URI gateway) {
        return new ConnectorConfig(enabled, gateway, basicAuth, secretMountPath, Optional.empty(), rebuildInterval,
                invocation, maxInflight, pendingMessages, pendingBytes, upstreamTimeout, bindAddress, healthPort);
    }
}
