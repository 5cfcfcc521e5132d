package io.jfaas.gateway.async;

import io.jfaas.contracts.EnvSettings;
import io.jfaas.contracts.NatsEnvelope;
import io.jfaas.model.SyncTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of async invocations and of the queue worker, read once from the environment with the gateway's. The
 * names of OpenFaaS's gateway and queue worker where they exist ({@code faas_nats_address}, {@code faas_nats_port},
 * {@code max_inflight}, {@code ack_wait}); jfaas's own start with {@code JFAAS_}.
 *
 * @param natsUrl the NATS server to use: {@code JFAAS_NATS_URL} (e.g. {@code nats://nats:4222}), else
 *                {@code nats://faas_nats_address:faas_nats_port} when {@code faas_nats_address} is set; empty when
 *                neither is, which in local mode starts {@code natsServer} or falls back to memory
 * @param natsServer the {@code nats-server} program a local gateway starts when no NATS URL is set
 *                   ({@code JFAAS_NATS_SERVER}, default {@code nats-server} from the PATH; {@code off}: never)
 * @param natsStoreDir where that server keeps its JetStream store (the state directory's {@code nats/})
 * @param queueWorker whether this process runs the queue worker ({@code JFAAS_QUEUE_WORKER}, default true)
 * @param maxInflight how many calls the worker runs at once ({@code max_inflight}, default 16)
 * @param functionMaxInflight how many calls of one function the worker runs at once
 *                            ({@code JFAAS_ASYNC_FUNCTION_MAX_INFLIGHT}, default {@code max_inflight})
 * @param ackWait how long a delivered call is leased to a worker before it is redelivered, unless the worker extends
 *                the lease, which it does while the call runs ({@code ack_wait}, default 30s)
 * @param retry the default retry policy ({@code JFAAS_ASYNC_RETRY_ATTEMPTS} default 3, {@code JFAAS_ASYNC_RETRY_CODES}
 *              default 408,429,500,502,503,504, {@code JFAAS_ASYNC_RETRY_MIN_WAIT} default 10s,
 *              {@code JFAAS_ASYNC_RETRY_MAX_WAIT} default 120s)
 * @param maxRequestBody the largest body an async call may carry ({@code JFAAS_ASYNC_MAX_REQUEST_BODY}, default
 *                       256000 bytes as OpenFaaS; at most 700000, as a NATS message holds 1 MiB)
 * @param callbackAttempts how many times a callback is POSTed at most ({@code JFAAS_ASYNC_CALLBACK_ATTEMPTS},
 *                         default 3)
 * @param maxAnswer how much of a function's answer the worker keeps for the callback and the dead letter; the rest is
 *                  read and dropped, and the callback says so ({@code JFAAS_ASYNC_MAX_ANSWER}, default 256000 bytes)
 * @param memoryQueueBytes the most bytes of calls and dead letters the in-memory queue holds; a call past it gets
 *                         503 with {@code Retry-After} ({@code JFAAS_ASYNC_MEMORY_QUEUE}, default 64Mi)
 * @param streamMaxBytes the most bytes each JetStream stream (calls, dead letters) holds on disk; a call past it gets
 *                       503 with {@code Retry-After} ({@code JFAAS_ASYNC_STREAM_MAX_BYTES}, default 1Gi)
 * @param drainTimeout how long a stopping worker waits for its calls in flight to finish and be acknowledged
 *                     ({@code JFAAS_ASYNC_DRAIN_TIMEOUT}, default 60s; what is still running then is delivered again)
 * @param gatewayUrl the gateway a worker-only process ({@link QueueWorkerMain}) calls:
 *                   {@code http://faas_gateway_address:faas_gateway_port} as OpenFaaS's queue worker (default
 *                   {@code 127.0.0.1:8080}); a gateway's own worker calls that gateway
 */
public record AsyncConfig(
        Optional<String> natsUrl,
        String natsServer,
        Path natsStoreDir,
        boolean queueWorker,
        int maxInflight,
        int functionMaxInflight,
        Duration ackWait,
        RetryPolicy retry,
        long maxRequestBody,
        int callbackAttempts,
        long maxAnswer,
        long memoryQueueBytes,
        long streamMaxBytes,
        Duration drainTimeout,
        String gatewayUrl) {

    static final String NATS_URL = "JFAAS_NATS_URL";
    static final String NATS_ADDRESS = "faas_nats_address";
    static final String NATS_PORT = "faas_nats_port";
    static final String NATS_SERVER = "JFAAS_NATS_SERVER";
    static final String QUEUE_WORKER = "JFAAS_QUEUE_WORKER";
    static final String MAX_INFLIGHT = "max_inflight";
    static final String FUNCTION_MAX_INFLIGHT = "JFAAS_ASYNC_FUNCTION_MAX_INFLIGHT";
    static final String ACK_WAIT = "ack_wait";
    static final String RETRY_ATTEMPTS = "JFAAS_ASYNC_RETRY_ATTEMPTS";
    static final String RETRY_CODES = "JFAAS_ASYNC_RETRY_CODES";
    static final String RETRY_MIN_WAIT = "JFAAS_ASYNC_RETRY_MIN_WAIT";
    static final String RETRY_MAX_WAIT = "JFAAS_ASYNC_RETRY_MAX_WAIT";
    static final String MAX_REQUEST_BODY = "JFAAS_ASYNC_MAX_REQUEST_BODY";
    static final String CALLBACK_ATTEMPTS = "JFAAS_ASYNC_CALLBACK_ATTEMPTS";
    static final String MAX_ANSWER = "JFAAS_ASYNC_MAX_ANSWER";
    static final String MEMORY_QUEUE = "JFAAS_ASYNC_MEMORY_QUEUE";
    static final String STREAM_MAX_BYTES = "JFAAS_ASYNC_STREAM_MAX_BYTES";
    static final String DRAIN_TIMEOUT = "JFAAS_ASYNC_DRAIN_TIMEOUT";
    static final String GATEWAY_ADDRESS = "faas_gateway_address";
    static final String GATEWAY_PORT = "faas_gateway_port";

    /** The value of {@code JFAAS_NATS_SERVER} that never starts one. */
    static final String OFF = "off";
    static final long BODY_CEILING = 700_000;

    /** Reads and checks the settings; a bad value fails with a message that names the variable. */
    public static AsyncConfig fromEnv(Map<String, String> env, Path stateDir) {
        EnvSettings settings = EnvSettings.of(env);
        Optional<String> url = Optional.empty();
        if (settings.isSet(NATS_URL)) {
            url = Optional.of(settings.read(NATS_URL, "", NatsEnvelope::parseUrl));
        } else if (settings.isSet(NATS_ADDRESS)) {
            url = Optional.of("nats://" + settings.string(NATS_ADDRESS, "").trim() + ":"
                    + settings.port(NATS_PORT, 4222));
        }
        int maxInflight = settings.positiveInt(MAX_INFLIGHT, 16);
        java.util.Set<Integer> codes;
        try {
            codes = RetryPolicy.parseCodes(settings.string(RETRY_CODES, "408,429,500,502,503,504"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(RETRY_CODES + ": " + e.getMessage(), e);
        }
        Duration minWait = settings.positiveDuration(RETRY_MIN_WAIT, Duration.ofSeconds(10));
        Duration maxWait = settings.positiveDuration(RETRY_MAX_WAIT, Duration.ofSeconds(120));
        if (maxWait.compareTo(minWait) < 0) {
            throw new IllegalArgumentException(RETRY_MAX_WAIT + ": " + maxWait + " is below " + RETRY_MIN_WAIT
                    + " (" + minWait + ")");
        }
        RetryPolicy retry = new RetryPolicy(settings.positiveInt(RETRY_ATTEMPTS, 3), codes, minWait, maxWait);
        long maxBody = settings.positiveBytes(MAX_REQUEST_BODY, 256_000);
        if (maxBody > BODY_CEILING) {
            throw new IllegalArgumentException(MAX_REQUEST_BODY + ": " + maxBody + " is above the ceiling of "
                    + BODY_CEILING + " bytes (a NATS message carries at most 1 MiB)");
        }
        return new AsyncConfig(url,
                settings.string(NATS_SERVER, "nats-server").trim(),
                stateDir.resolve("nats"),
                settings.bool(QUEUE_WORKER, true),
                maxInflight,
                settings.positiveInt(FUNCTION_MAX_INFLIGHT, maxInflight),
                settings.positiveDuration(ACK_WAIT, Duration.ofSeconds(30)),
                retry,
                maxBody,
                settings.positiveInt(CALLBACK_ATTEMPTS, 3),
                settings.positiveBytes(MAX_ANSWER, 256_000),
                settings.positiveBytes(MEMORY_QUEUE, 64L << 20),
                settings.positiveBytes(STREAM_MAX_BYTES, 1L << 30),
                settings.positiveDuration(DRAIN_TIMEOUT, Duration.ofSeconds(60)),
                "http://" + settings.string(GATEWAY_ADDRESS, "127.0.0.1").trim() + ":" + settings.port(GATEWAY_PORT, 8080));
    }
}
