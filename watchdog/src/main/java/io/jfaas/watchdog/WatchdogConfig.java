package io.jfaas.watchdog;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * The watchdog's settings, read once from the environment. OpenFaaS's names where they exist ({@code port},
 * {@code write_timeout}, {@code OPENFAAS_NAME}); jfaas's own start with {@code JFAAS_}.
 *
 * @param port the HTTP port ({@code port}, default 8080)
 * @param bindAddress the address to listen on ({@code JFAAS_BIND_ADDRESS}, default all)
 * @param handlerClass the handler's class ({@code JFAAS_HANDLER_CLASS}, default {@code function.Handler})
 * @param functionName the function's name ({@code OPENFAAS_NAME})
 * @param namespace the function's namespace ({@code OPENFAAS_NAMESPACE})
 * @param writeTimeout the longest a response may take to write; also the drain limit at shutdown
 *                     ({@code write_timeout}, default 30s)
 */
public record WatchdogConfig(
        int port,
        String bindAddress,
        String handlerClass,
        String functionName,
        String namespace,
        Duration writeTimeout) {

    static final String PORT = "port";
    static final String BIND_ADDRESS = "JFAAS_BIND_ADDRESS";
    static final String HANDLER_CLASS = "JFAAS_HANDLER_CLASS";
    static final String FUNCTION_NAME = "OPENFAAS_NAME";
    static final String NAMESPACE = "OPENFAAS_NAMESPACE";
    static final String WRITE_TIMEOUT = "write_timeout";

    /** Reads and checks the settings; a bad value fails with a message that names the variable. */
    public static WatchdogConfig fromEnv(Map<String, String> env) {
        int port = read(env, PORT, "8080", WatchdogConfig::parsePort);
        String bindAddress = read(env, BIND_ADDRESS, "0.0.0.0", Function.identity());
        String handlerClass = read(env, HANDLER_CLASS, "function.Handler", WatchdogConfig::parseClassName);
        String functionName = read(env, FUNCTION_NAME, "function", Function.identity());
        String namespace = read(env, NAMESPACE, "openfaas-fn", Function.identity());
        Duration writeTimeout = read(env, WRITE_TIMEOUT, "30s", WatchdogConfig::parsePositiveDuration);
        return new WatchdogConfig(port, bindAddress, handlerClass, functionName, namespace, writeTimeout);
    }

    private static <T> T read(Map<String, String> env, String key, String fallback, Function<String, T> parser) {
        String raw = env.get(key);
        String value = raw == null || raw.isBlank() ? fallback : raw.trim();
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
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

    private static Duration parsePositiveDuration(String value) {
        Duration duration = Durations.parse(value);
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("must be more than 0, not \"" + value + "\"");
        }
        return duration;
    }

    private static String parseClassName(String value) {
        if (!value.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")) {
            throw new IllegalArgumentException("\"" + value + "\" is not a Java class name, e.g. function.Handler");
        }
        return value;
    }
}
