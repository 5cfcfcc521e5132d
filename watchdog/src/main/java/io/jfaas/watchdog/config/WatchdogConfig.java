package io.jfaas.watchdog.config;

import static io.jfaas.contracts.WatchdogSettings.BIND_ADDRESS;
import static io.jfaas.contracts.WatchdogSettings.CONTENT_TYPE;
import static io.jfaas.contracts.WatchdogSettings.EXEC_TIMEOUT;
import static io.jfaas.contracts.WatchdogSettings.FPROCESS;
import static io.jfaas.contracts.WatchdogSettings.FUNCTION_NAME;
import static io.jfaas.contracts.WatchdogSettings.FUNCTION_PROCESS;
import static io.jfaas.contracts.WatchdogSettings.HANDLER_CLASS;
import static io.jfaas.contracts.WatchdogSettings.HEALTHCHECK_INTERVAL;
import static io.jfaas.contracts.WatchdogSettings.HTTP_UPSTREAM_URL;
import static io.jfaas.contracts.WatchdogSettings.LOG_CALLID;
import static io.jfaas.contracts.WatchdogSettings.MAX_INFLIGHT;
import static io.jfaas.contracts.WatchdogSettings.MAX_REQUEST_BODY;
import static io.jfaas.contracts.WatchdogSettings.METRICS_PORT;
import static io.jfaas.contracts.WatchdogSettings.MODE;
import static io.jfaas.contracts.WatchdogSettings.NAMESPACE;
import static io.jfaas.contracts.WatchdogSettings.NATS_SUBJECT;
import static io.jfaas.contracts.WatchdogSettings.NATS_URL;
import static io.jfaas.contracts.WatchdogSettings.PORT;
import static io.jfaas.contracts.WatchdogSettings.PREFIX_LOGS;
import static io.jfaas.contracts.WatchdogSettings.READY_PATH;
import static io.jfaas.contracts.WatchdogSettings.READ_TIMEOUT;
import static io.jfaas.contracts.WatchdogSettings.SECRETS_DIR;
import static io.jfaas.contracts.WatchdogSettings.SUPPRESS_LOCK;
import static io.jfaas.contracts.WatchdogSettings.TMPDIR;
import static io.jfaas.contracts.WatchdogSettings.UPSTREAM_URL;
import static io.jfaas.contracts.WatchdogSettings.WRITE_TIMEOUT;

import io.jfaas.contracts.EnvSettings;
import io.jfaas.contracts.NatsEnvelope;
import io.jfaas.contracts.WatchdogSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The watchdog's settings, read once from the environment. OpenFaaS's names (of-watchdog's) where they exist; jfaas's
 * own start with {@code JFAAS_}. Durations are seconds or Go durations.
 *
 * @param port the HTTP port ({@code port}, 8080)
 * @param bindAddress the address to listen on ({@code JFAAS_BIND_ADDRESS}, all)
 * @param metricsPort the Prometheus port ({@code JFAAS_METRICS_PORT}, 8081 as of-watchdog's; 0 picks one)
 * @param mode how the function runs ({@code mode}: java, http, streaming, serializing; java unless {@code fprocess}
 *             is set, then streaming)
 * @param fprocess the function's command, split on spaces ({@code fprocess} or {@code function_process})
 * @param upstreamUrl where http mode's process listens ({@code upstream_url} or {@code http_upstream_url})
 * @param readTimeout the longest reading a request may take ({@code read_timeout}, 30s)
 * @param writeTimeout the longest writing a response may take, and the drain limit ({@code write_timeout}, 30s)
 * @param execTimeout the longest one call may run, 0 for no limit ({@code exec_timeout}, 30s)
 * @param healthcheckInterval the wait after SIGTERM before draining, so endpoints deregister
 *                            ({@code healthcheck_interval}, 5s: of-watchdog waits write_timeout, which a pod's
 *                            grace period rarely covers on top of the drain itself)
 * @param maxInflight calls served at once, 0 for no limit ({@code max_inflight}, 0)
 * @param prefixLogs prefix each line a child process prints with the time and the stream ({@code prefix_logs}, true)
 * @param suppressLock do not write the lock file ({@code suppress_lock}, false)
 * @param lockFile the lock file ({@code $TMPDIR/.lock}, as Go's os.TempDir)
 * @param contentType the Content-Type of answers that set none ({@code content_type}; fork modes default to
 *                    application/octet-stream)
 * @param readyPath a function path {@code /_/ready} also asks, after its own checks ({@code ready_path})
 * @param logCallId add the call id to access log lines ({@code log_callid})
 * @param maxRequestBody the largest request body accepted, larger gets 413 ({@code JFAAS_MAX_REQUEST_BODY}, 64Mi)
 * @param handlerClass the Java handler ({@code JFAAS_HANDLER_CLASS}, function.Handler)
 * @param functionName the function's name ({@code OPENFAAS_NAME})
 * @param namespace the function's namespace ({@code OPENFAAS_NAMESPACE})
 * @param secretsDir where secrets are mounted ({@code JFAAS_SECRETS_DIR}, /var/openfaas/secrets)
 * @param natsUrl the NATS server whose requests this replica also serves ({@code JFAAS_NATS_URL}, e.g.
 *                nats://127.0.0.1:4222), or null: HTTP only
 * @param natsSubject the subject it serves them on, as a member of the queue group of the same name
 *                    ({@code JFAAS_NATS_SUBJECT}, e.g. jfaas.invoke.openfaas-fn.hello); set with natsUrl or not at all
 */
public record WatchdogConfig(
        int port,
        String bindAddress,
        int metricsPort,
        Mode mode,
        List<String> fprocess,
        URI upstreamUrl,
        Duration readTimeout,
        Duration writeTimeout,
        Duration execTimeout,
        Duration healthcheckInterval,
        int maxInflight,
        boolean prefixLogs,
        boolean suppressLock,
        Path lockFile,
        String contentType,
        String readyPath,
        boolean logCallId,
        long maxRequestBody,
        String handlerClass,
        String functionName,
        String namespace,
        Path secretsDir,
        String natsUrl,
        String natsSubject) {

    public WatchdogConfig {
        fprocess = List.copyOf(fprocess);
    }

    /** Reads and checks the settings; a bad value fails with a message that starts with the variable's name. */
    public static WatchdogConfig fromEnv(Map<String, String> env) {
        EnvSettings read = EnvSettings.of(env);
        List<String> fprocess = read.firstOf(FPROCESS, FUNCTION_PROCESS).map(text -> List.of(text.split("\\s+")))
                .orElse(List.of());
        Mode mode = read.read(MODE, fprocess.isEmpty() ? "java" : "streaming", Mode::parse);
        if (mode != Mode.JAVA && fprocess.isEmpty()) {
            throw new IllegalArgumentException(FPROCESS + ": is required in " + mode.key() + " mode: the command that"
                    + " runs the function, e.g. fprocess=\"node index.js\"");
        }
        URI upstreamUrl = read.firstOf(UPSTREAM_URL, HTTP_UPSTREAM_URL)
                .map(text -> read.read(UPSTREAM_URL, text, WatchdogConfig::parseUrl)).orElse(null);
        if (mode == Mode.HTTP && upstreamUrl == null) {
            throw new IllegalArgumentException(UPSTREAM_URL + ": is required in http mode: where fprocess listens,"
                    + " e.g. upstream_url=http://127.0.0.1:3000");
        }
        String readyPath = read.read(READY_PATH, "", WatchdogConfig::parsePath);
        if (!readyPath.isEmpty() && (mode == Mode.STREAMING || mode == Mode.SERIALIZING)) {
            throw new IllegalArgumentException(READY_PATH + ": is not supported in " + mode.key() + " mode, which"
                    + " starts a process per request; use java or http mode");
        }
        String natsUrl = read.read(NATS_URL, "", WatchdogConfig::parseNatsUrl);
        String natsSubject = read.read(NATS_SUBJECT, "", WatchdogConfig::parseSubject);
        if (natsUrl.isEmpty() != natsSubject.isEmpty()) {
            throw new IllegalArgumentException((natsUrl.isEmpty() ? NATS_URL : NATS_SUBJECT) + ": is required with "
                    + (natsUrl.isEmpty() ? NATS_SUBJECT : NATS_URL) + ": the NATS transport needs a server and a"
                    + " subject");
        }
        return new WatchdogConfig(
                read.port(PORT, 8080),
                read.string(BIND_ADDRESS, "0.0.0.0"),
                read.port(METRICS_PORT, 8081),
                mode,
                fprocess,
                upstreamUrl,
                read.positiveDuration(READ_TIMEOUT, Duration.ofSeconds(30)),
                read.positiveDuration(WRITE_TIMEOUT, WatchdogSettings.WRITE_TIMEOUT_DEFAULT),
                read.duration(EXEC_TIMEOUT, Duration.ofSeconds(30)),
                read.duration(HEALTHCHECK_INTERVAL, WatchdogSettings.HEALTHCHECK_INTERVAL_DEFAULT),
                read.count(MAX_INFLIGHT, 0),
                read.bool(PREFIX_LOGS, true),
                read.bool(SUPPRESS_LOCK, false),
                Path.of(read.string(TMPDIR, "/tmp"), ".lock"),
                read.optional(CONTENT_TYPE).orElse(null),
                readyPath,
                read.bool(LOG_CALLID, false),
                read.positiveBytes(MAX_REQUEST_BODY, 64L << 20),
                read.read(HANDLER_CLASS, "function.Handler", WatchdogConfig::parseClassName),
                read.string(FUNCTION_NAME, "function"),
                read.string(NAMESPACE, "openfaas-fn"),
                read.path(SECRETS_DIR, Path.of("/var/openfaas/secrets")),
                natsUrl.isEmpty() ? null : natsUrl,
                natsSubject.isEmpty() ? null : natsSubject);
    }

    /** Whether calls also come as NATS requests. */
    public boolean servesNats() {
        return natsUrl != null;
    }

    /** Whether calls have a time limit. */
    public boolean hasExecTimeout() {
        return !execTimeout.isZero();
    }

    private static URI parseUrl(String value) {
        try {
            URI uri = URI.create(value);
            if ("http".equals(uri.getScheme()) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException("\"" + value + "\" is not an http:// URL with a host");
    }

    private static String parsePath(String value) {
        if (!value.isEmpty() && !value.startsWith("/")) {
            throw new IllegalArgumentException("\"" + value + "\" is not a path: start it with /");
        }
        return value;
    }

    private static String parseNatsUrl(String value) {
        return value.isEmpty() ? value : NatsEnvelope.parseUrl(value);
    }

    private static String parseSubject(String value) {
        if (!value.isEmpty() && !value.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*")) {
            throw new IllegalArgumentException("\"" + value + "\" is not a NATS subject of dot-separated tokens (letters,"
                    + " digits, - and _), e.g. jfaas.invoke.openfaas-fn.hello");
        }
        return value;
    }

    private static String parseClassName(String value) {
        if (!value.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")) {
            throw new IllegalArgumentException("\"" + value + "\" is not a Java class name, e.g. function.Handler");
        }
        return value;
    }
}
