package io.jfaas.cli.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An answer's headers: names without regard to case, each with its values in the order they came.
 *
 * @param values the values by lower-case name
 */
public record ResponseHeaders(Map<String, List<String>> values) {

    public ResponseHeaders {
        values = Map.copyOf(values);
    }

    /** The first value of a header. */
    public Optional<String> firstValue(String name) {
        return allValues(name).stream().findFirst();
    }

    /** Every value of a header, none when it is absent. */
    public List<String> allValues(String name) {
        return values.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    static Builder builder() {
        return new Builder();
    }

    /** Collects headers as they are read. */
    static final class Builder {
        private final Map<String, List<String>> values = new TreeMap<>();

        Builder add(String name, String value) {
            values.computeIfAbsent(name.toLowerCase(Locale.ROOT), key -> new ArrayList<>()).add(value);
            return this;
        }

        ResponseHeaders build() {
            Map<String, List<String>> copy = new TreeMap<>();
            values.forEach((name, list) -> copy.put(name, List.copyOf(list)));
            return new ResponseHeaders(copy);
        }
    }
}
