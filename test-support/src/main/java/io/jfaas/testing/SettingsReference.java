package io.jfaas.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration reference, {@code docs/configuration.md}, as the services' tests check it against their
 * configuration records: its tables have the columns service, variable, default and meaning, and a row may name several
 * services ({@code gateway, faas-cli}) and several variables ({@code `fprocess` (`function_process`)}).
 */
public final class SettingsReference {

    /** The reference, relative to the checkout's root. */
    public static final String FILE = "docs/configuration.md";
    private static final Pattern NAME = Pattern.compile("`([A-Za-z_][A-Za-z0-9_]*)(?:=[^`]*)?`");
    /** A value no setting accepts as it is: typed settings refuse it, free text differs from any default. */
    private static final String PROBE = "\u0001probe";

    private final String text;

    private SettingsReference(String text) {
        this.text = text;
    }

    /** The reference of the checkout the tests run in ({@code jfaas.root}). */
    public static SettingsReference read() throws IOException {
        Path root = Path.of(System.getProperty("jfaas.root", ".")).toAbsolutePath();
        return new SettingsReference(Files.readString(root.resolve(FILE)));
    }

    /** The variables documented for {@code service}: the rows whose service column names it. */
    public Set<String> settingsOf(String service) {
        Set<String> names = new TreeSet<>();
        for (String line : text.split("\n")) {
            List<String> cells = cells(line);
            if (cells.size() < 4 || cells.get(0).equals("service") || cells.get(0).startsWith("---")) {
                continue;
            }
            if (List.of(cells.get(0).split(",\\s*")).contains(service)) {
                Matcher matcher = NAME.matcher(cells.get(1));
                while (matcher.find()) {
                    names.add(matcher.group(1));
                }
            }
        }
        return names;
    }

    /**
     * Whether a configuration record reads {@code name}: set to a value no setting takes, in any of the
     * {@code environments} (each of which the record accepts), it is refused, or the record comes out different.
     *
     * @param fromEnv the record's {@code fromEnv}
     */
    public static <T> boolean isRead(Function<Map<String, String>, T> fromEnv, List<Map<String, String>> environments,
                                     String name) {
        for (Map<String, String> environment : environments) {
            T plain = fromEnv.apply(environment);
            if (!plain.equals(fromEnv.apply(environment))) {
                throw new IllegalStateException("the record is not equal to itself read twice: " + plain);
            }
            Map<String, String> probed = new java.util.HashMap<>(environment);
            probed.put(name, PROBE);
            try {
                if (!Objects.equals(plain, fromEnv.apply(probed))) {
                    return true;
                }
            } catch (RuntimeException refused) {
                return true; // only this variable changed
            }
        }
        return false;
    }

    /**
     * The variables of {@code documented} that the record does not read ({@link #isRead}): an empty set when the
     * reference names no setting the service has lost.
     */
    public static <T> Set<String> notRead(Set<String> documented, Function<Map<String, String>, T> fromEnv,
                                          List<Map<String, String>> environments) {
        Set<String> stale = new TreeSet<>(documented);
        stale.removeIf(name -> isRead(fromEnv, environments, name));
        return stale;
    }

    /**
     * The setting names {@code holders} declare as constants and the record reads, but {@code documented} lacks: an
     * empty set when every setting the record has is in the reference.
     */
    public static <T> Set<String> undocumented(Set<String> documented, Function<Map<String, String>, T> fromEnv,
                                               List<Map<String, String>> environments, Class<?>... holders) {
        Set<String> missing = new TreeSet<>(constants(holders));
        missing.removeIf(name -> documented.contains(name) || !isRead(fromEnv, environments, name));
        return missing;
    }

    /** The {@code static final String} constants of {@code holders} whose values look like variable names. */
    public static Set<String> constants(Class<?>... holders) {
        Set<String> names = new TreeSet<>();
        for (Class<?> holder : holders) {
            for (java.lang.reflect.Field field : holder.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (field.getType() == String.class && java.lang.reflect.Modifier.isStatic(modifiers)
                        && java.lang.reflect.Modifier.isFinal(modifiers)) {
                    try {
                        field.setAccessible(true);
                        String value = (String) field.get(null);
                        if (value != null && value.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                            names.add(value);
                        }
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return names;
    }

    private static List<String> cells(String line) {
        String trimmed = line.strip();
        if (!trimmed.startsWith("|") || !trimmed.endsWith("|")) {
            return List.of();
        }
        List<String> cells = new ArrayList<>();
        for (String cell : trimmed.substring(1, trimmed.length() - 1).split("(?<!\\\\)\\|")) {
            cells.add(cell.strip());
        }
        return cells;
    }
}
