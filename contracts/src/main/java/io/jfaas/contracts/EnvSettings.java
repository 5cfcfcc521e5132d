package io.jfaas.contracts;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads typed settings from environment variables, for every service's {@code XConfig.fromEnv(Map)} method (the
 * watchdog's too, so a value means the same to every process). An absent or blank variable takes the default; a bad
 * value fails with {@link IllegalArgumentException} whose message starts with the variable's name.
 */
public final class EnvSettings {

    private final Map<String, String> env;

    private EnvSettings(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public static EnvSettings of(Map<String, String> env) {
        return new EnvSettings(env);
    }

    /** True when the variable is set to something other than blanks. */
    public boolean isSet(String key) {
        String value = env.get(key);
        return value != null && !value.isBlank();
    }

    /** The variable's value, trimmed, when it is set to something other than blanks. */
    public Optional<String> optional(String key) {
        return isSet(key) ? Optional.of(env.get(key).trim()) : Optional.empty();
    }

    /** The value of {@code key}, else of its other name {@code alias}, when either is set. */
    public Optional<String> firstOf(String key, String alias) {
        return optional(key).or(() -> optional(alias));
    }

    public String string(String key, String fallback) {
        return read(key, fallback, Function.identity());
    }

    public int port(String key, int fallback) {
        return read(key, Integer.toString(fallback), value -> {
            try {
                int port = Integer.parseInt(value);
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("\"" + value + "\" is not a port: use a number from 0 to 65535");
        });
    }

    public int positiveInt(String key, int fallback) {
        return wholeNumber(key, fallback, 1, "a whole number above 0");
    }

    /** A whole number of 0 or more (0 is usually "no limit"). */
    public int count(String key, int fallback) {
        return wholeNumber(key, fallback, 0, "a whole number of 0 or more (0: no limit)");
    }

    private int wholeNumber(String key, int fallback, int least, String what) {
        return read(key, Integer.toString(fallback), value -> {
            try {
                int number = Integer.parseInt(value);
                if (number >= least) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("\"" + value + "\" is not " + what);
        });
    }

    public boolean bool(String key, boolean fallback) {
        return read(key, Boolean.toString(fallback), value -> switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException("\"" + value + "\" is not true or false");
        });
    }

    /** Seconds or a Go duration, 0 included. */
    public Duration duration(String key, Duration fallback) {
        return isSet(key) ? read(key, "", Durations::parse) : fallback;
    }

    /** Seconds or a Go duration; must be more than zero. */
    public Duration positiveDuration(String key, Duration fallback) {
        if (!isSet(key)) {
            return fallback;
        }
        return read(key, "", value -> {
            Duration duration = Durations.parse(value);
            if (duration.isZero() || duration.isNegative()) {
                throw new IllegalArgumentException("must be more than 0, not \"" + value + "\"");
            }
            return duration;
        });
    }

    /** A whole number of bytes, plain or as a quantity ({@code 10Mi}, {@code 1G}); must be more than zero. */
    public long positiveBytes(String key, long fallback) {
        if (!isSet(key)) {
            return fallback;
        }
        return read(key, "", value -> {
            java.math.BigDecimal bytes = Quantities.value(value);
            if (bytes.signum() <= 0 || bytes.stripTrailingZeros().scale() > 0) {
                throw new IllegalArgumentException("\"" + value + "\" is not a whole number of bytes above 0,"
                        + " e.g. 1048576 or 10Mi");
            }
            return bytes.longValueExact();
        });
    }

    public Path path(String key, Path fallback) {
        return read(key, fallback.toString(), value -> {
            try {
                return Path.of(value);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("\"" + value + "\" is not a file path", e);
            }
        });
    }

    /**
     * The variable, or {@code fallback} when it is not set, read by {@code parser}: for settings of their own kind.
     * The parser's {@link IllegalArgumentException} or {@link ArithmeticException} becomes an error naming the key.
     */
    public <T> T read(String key, String fallback, Function<String, T> parser) {
        String raw = env.get(key);
        String value = raw == null || raw.isBlank() ? fallback : raw.trim();
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }
}
