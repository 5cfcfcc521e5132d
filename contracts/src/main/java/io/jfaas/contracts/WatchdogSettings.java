package io.jfaas.contracts;

import java.time.Duration;

/**
 * The environment variables the watchdog reads, by the names the gateway (local replicas), the operator (function
 * Deployments) and the image builder set them. OpenFaaS's names (of-watchdog's) where they exist; jfaas's own start
 * with {@code JFAAS_}. What each means and its default is the watchdog's {@code WatchdogConfig}.
 */
public final class WatchdogSettings {

    /** The HTTP port. */
    public static final String PORT = "port";
    /** The address to listen on. */
    public static final String BIND_ADDRESS = "JFAAS_BIND_ADDRESS";
    /** The Prometheus port; 0 picks one. */
    public static final String METRICS_PORT = "JFAAS_METRICS_PORT";
    /** How the function runs: java, http, streaming, serializing. */
    public static final String MODE = "mode";
    /** The function's command. */
    public static final String FPROCESS = "fprocess";
    /** Another name of {@link #FPROCESS}. */
    public static final String FUNCTION_PROCESS = "function_process";
    /** Where http mode's process listens. */
    public static final String UPSTREAM_URL = "upstream_url";
    /** Another name of {@link #UPSTREAM_URL}. */
    public static final String HTTP_UPSTREAM_URL = "http_upstream_url";
    /** The longest reading a request may take. */
    public static final String READ_TIMEOUT = "read_timeout";
    /** The longest writing a response may take, and the drain limit. */
    public static final String WRITE_TIMEOUT = "write_timeout";
    /** {@link #WRITE_TIMEOUT} when unset: the operator sizes a pod's grace period on it. */
    public static final Duration WRITE_TIMEOUT_DEFAULT = Duration.ofSeconds(30);
    /** The longest one call may run. */
    public static final String EXEC_TIMEOUT = "exec_timeout";
    /** The wait after SIGTERM before draining. */
    public static final String HEALTHCHECK_INTERVAL = "healthcheck_interval";
    /** {@link #HEALTHCHECK_INTERVAL} when unset: the operator sizes a pod's grace period on it. */
    public static final Duration HEALTHCHECK_INTERVAL_DEFAULT = Duration.ofSeconds(5);
    /** Calls one replica serves at once; 0: no limit. */
    public static final String MAX_INFLIGHT = "max_inflight";
    /** Whether a child process's lines get the time and the stream. */
    public static final String PREFIX_LOGS = "prefix_logs";
    /** Whether the lock file is left out. */
    public static final String SUPPRESS_LOCK = "suppress_lock";
    /** The temporary directory, where the lock file goes. */
    public static final String TMPDIR = "TMPDIR";
    /** The Content-Type of answers that set none. */
    public static final String CONTENT_TYPE = "content_type";
    /** A function path the readiness check also asks. */
    public static final String READY_PATH = "ready_path";
    /** Whether access log lines carry the call id. */
    public static final String LOG_CALLID = "log_callid";
    /** The largest request body accepted. */
    public static final String MAX_REQUEST_BODY = "JFAAS_MAX_REQUEST_BODY";
    /** The Java handler's class. */
    public static final String HANDLER_CLASS = "JFAAS_HANDLER_CLASS";
    /** The function's name. */
    public static final String FUNCTION_NAME = "OPENFAAS_NAME";
    /** The function's namespace. */
    public static final String NAMESPACE = "OPENFAAS_NAMESPACE";
    /** Where secrets are mounted. */
    public static final String SECRETS_DIR = "JFAAS_SECRETS_DIR";
    /** The NATS server whose requests the replica also serves ({@link NatsEnvelope}). */
    public static final String NATS_URL = "JFAAS_NATS_URL";
    /** The subject it serves them on, as a member of the queue group of the same name. */
    public static final String NATS_SUBJECT = "JFAAS_NATS_SUBJECT";

    private WatchdogSettings() {
    }
}
