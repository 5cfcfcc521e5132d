package io.jfaas.watchdog.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

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

    public static final String PORT = "port";
    public static final String BIND_ADDRESS = "JFAAS_BIND_ADDRESS";
    public static final String METRICS_PORT = "JFAAS_METRICS_PORT";
    public static final String MODE = "mode";
    public static final String FPROCESS = "fprocess";
    public static final String FUNCTION_PROCESS = "function_process";
    public static final String UPSTREAM_URL = "upstream_url";
    public static final String HTTP_UPSTREAM_URL = "http_upstream_url";
    public static final String READ_TIMEOUT = "read_timeout";
    public static final String WRITE_TIMEOUT = "write_timeout";
    public static final String EXEC_TIMEOUT = "exec_timeout";
    public static final String HEALTHCHECK_INTERVAL = "healthcheck_interval";
    public static final String MAX_INFLIGHT = "max_inflight";
    public static final String PREFIX_LOGS = "prefix_logs";
    public static final String SUPPRESS_LOCK = "suppress_lock";
    public static final String TMPDIR = "TMPDIR";
    public static final String CONTENT_TYPE = "content_type";
    public static final String READY_PATH = "ready_path";
    public static final String LOG_CALLID = "log_callid";
    public static final String MAX_REQUEST_BODY = "JFAAS_MAX_REQUEST_BODY";
    public static final String HANDLER_CLASS = "JFAAS_HANDLER_CLASS";
    public static final String FUNCTION_NAME = "OPENFAAS_NAME";
    public static final String NAMESPACE = "OPENFAAS_NAMESPACE";
    public static final String SECRETS_DIR = "JFAAS_SECRETS_DIR";
    public static final String NATS_URL = "JFAAS_NATS_URL";
    public static final String NATS_SUBJECT = "JFAAS_NATS_SUBJECT";

    public WatchdogConfig {
        fprocess = List.copyOf(fprocess);
    }

    /** Reads and checks the settings; a bad value fails with a message that starts with the variable's name. */
    public static WatchdogConfig fromEnv(Map<String, String> env) {
        Reader read = new Reader(env);
        String fprocessText = read.first(FPROCESS, FUNCTION_PROCESS);
        List<String> fprocess = fprocessText == null ? List.of() : List.of(fprocessText.trim().split("\\s+"));
        Mode mode = read.value(MODE, fprocess.isEmpty() ? "java" : "streaming", Mode::parse);
        if (mode != Mode.JAVA && fprocess.isEmpty()) {
            throw new IllegalArgumentException(FPROCESS + ": is required in " + mode.key() + " mode: the command that"
                    + " runs the function, e.g. fprocess=\"node index.js\"");
        }
        String upstreamText = read.first(UPSTREAM_URL, HTTP_UPSTREAM_URL);
        URI upstreamUrl = upstreamText == null ? null : read.value(UPSTREAM_URL, upstreamText, WatchdogConfig::parseUrl);
        if (mode == Mode.HTTP && upstreamUrl == null) {
            throw new IllegalArgumentException(UPSTREAM_URL + ": is required in http mode: where fprocess listens,"
                    + " e.g. upstream_url=http://127.0.0.1:3000");
        }
        String readyPath = read.value(READY_PATH, "", WatchdogConfig::parsePath);
        if (!readyPath.isEmpty() && (mode == Mode.STREAMING || mode == Mode.SERIALIZING)) {
            throw new IllegalArgumentException(READY_PATH + ": is not supported in " + mode.key() + " mode, which"
                    + " starts a process per request; use java or http mode");
        }
        Duration writeTimeout = read.value(WRITE_TIMEOUT, "30s", WatchdogConfig::positiveDuration);
        String tmpdir = read.value(TMPDIR, "/tmp", Function.identity());
        String natsUrl = read.value(NATS_URL, "", WatchdogConfig::parseNatsUrl);
        String natsSubject = read.value(NATS_SUBJECT, "", WatchdogConfig::parseSubject);
        if (natsUrl.isEmpty() != natsSubject.isEmpty()) {
            throw new IllegalArgumentException((natsUrl.isEmpty() ? NATS_URL : NATS_SUBJECT) + ": is required with "
                    + (natsUrl.isEmpty() ? NATS_SUBJECT : NATS_URL) + ": the NATS transport needs a server and a"
                    + " subject");
        }
        return new WatchdogConfig(
                read.value(PORT, "8080", WatchdogConfig::parsePort),
                read.value(BIND_ADDRESS, "0.0.0.0", Function.identity()),
                read.value(METRICS_PORT, "8081", WatchdogConfig::parsePort),
                mode,
                fprocess,
                upstreamUrl,
                read.value(READ_TIMEOUT, "30s", WatchdogConfig::positiveDuration),
                writeTimeout,
                read.value(EXEC_TIMEOUT, "30s", Durations::parse),
                read.value(HEALTHCHECK_INTERVAL, "5s", Durations::parse),
                read.value(MAX_INFLIGHT, "0", WatchdogConfig::parseCount),
                read.value(PREFIX_LOGS, "true", WatchdogConfig::parseBoolean),
                read.value(SUPPRESS_LOCK, "false", WatchdogConfig::parseBoolean),
                Path.of(tmpdir, ".lock"),
                read.optional(CONTENT_TYPE),
                readyPath,
                read.value(LOG_CALLID, "false", WatchdogConfig::parseBoolean),
                read.value(MAX_REQUEST_BODY, "64Mi", WatchdogConfig::positiveSize),
                read.value(HANDLER_CLASS, "function.Handler", WatchdogConfig::parseClassName),
                read.value(FUNCTION_NAME, "function", Function.identity()),
                read.value(NAMESPACE, "openfaas-fn", Function.identity()),
                read.value(SECRETS_DIR, "/var/openfaas/secrets", Path::of),
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

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("\"" + value + "\" is not a port: use a number from 0 to 65535");
    }

    private static int parseCount(String value) {
        try {
            int count = Integer.parseInt(value);
            if (count >= 0) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("\"" + value + "\" is not a whole number of 0 or more (0: no limit)");
    }

    private static boolean parseBoolean(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException("\"" + value + "\" is not true or false");
        };
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
        if (!value.isEmpty() && !value.matches("(nats|tls)://[^/\\s]+")) {
            throw new IllegalArgumentException("\"" + value + "\" is not a NATS URL such as nats://127.0.0.1:4222");
        }
        return value;
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

    private static Duration positiveDuration(String text) {
        Duration duration = Durations.parse(text);
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("must be more than 0, not \"" + text + "\"");
        }
        return duration;
    }

    private static long positiveSize(String text) {
        long size = ByteSizes.parse(text);
        if (size <= 0) {
            throw new IllegalArgumentException("must be more than 0, not \"" + text + "\"");
        }
        return size;
    }

    /** Reads variables: blank means unset; a parse failure is prefixed with the variable's name. */
    private record Reader(Map<String, String> env) {

        String optional(String key) {
            String value = env.get(key);
            return value == null || value.isBlank() ? null : value.trim();
        }

        String first(String key, String alias) {
            String value = optional(key);
            return value != null ? value : optional(alias);
        }

        <T> T value(String key, String fallback, Function<String, T> parser) {
            String value = optional(key);
            try {
                return parser.apply(value == null ? fallback : value);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
            }
        }
    }
}
