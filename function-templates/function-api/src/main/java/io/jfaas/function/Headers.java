package io.jfaas.function;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * HTTP headers: names compared without regard to case, each with one or more values in order. Immutable; the
 * {@code with...} methods return a copy.
 */
public final class Headers {

    private static final Headers EMPTY = new Headers(new TreeMap<>(String.CASE_INSENSITIVE_ORDER));

    private final TreeMap<String, List<String>> values;

    private Headers(TreeMap<String, List<String>> values) {
        this.values = values;
    }

    /** No headers. */
    public static Headers empty() {
        return EMPTY;
    }

    /** Headers from a map of names to values; names that differ only in case are merged. Checked as {@link #with}. */
    public static Headers of(Map<String, ? extends List<String>> map) {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        map.forEach((name, list) -> {
            if (name != null && list != null && !list.isEmpty()) {
                List<String> values = copy.computeIfAbsent(checkName(name), n -> new ArrayList<>());
                list.forEach(value -> values.add(checkValue(value)));
            }
        });
        copy.replaceAll((name, list) -> List.copyOf(list));
        return new Headers(copy);
    }

    /** Headers from name-value pairs: {@code Headers.of("Content-Type", "text/plain", "X-Id", "1")}. */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        Headers headers = EMPTY;
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers = headers.withAdded(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    /** The first value of the header. */
    public Optional<String> first(String name) {
        List<String> list = values.get(name);
        return list == null ? Optional.empty() : Optional.of(list.get(0));
    }

    /** Every value of the header, in order; empty when absent. */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** True when the header is present. */
    public boolean contains(String name) {
        return values.containsKey(name);
    }

    /** The header names, in case-insensitive order, spelled as first given. */
    public Set<String> names() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /** True when there are no headers. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** Calls {@code action} once per header name with all its values. */
    public void forEach(BiConsumer<String, List<String>> action) {
        values.forEach(action);
    }

    /** The headers as a map, in name order. */
    public Map<String, List<String>> asMap() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** A copy in which {@code name} has exactly this one value. */
    public Headers with(String name, String value) {
        TreeMap<String, List<String>> copy = copy();
        copy.remove(name);
        copy.put(checkName(name), List.of(checkValue(value)));
        return new Headers(copy);
    }

    /** A copy with {@code value} added after the existing values of {@code name}. */
    public Headers withAdded(String name, String value) {
        TreeMap<String, List<String>> copy = copy();
        List<String> list = new ArrayList<>(copy.getOrDefault(name, List.of()));
        list.add(checkValue(value));
        copy.put(checkName(name), List.copyOf(list));
        return new Headers(copy);
    }

    /** A copy without {@code name}. */
    public Headers without(String name) {
        if (!values.containsKey(name)) {
            return this;
        }
        TreeMap<String, List<String>> copy = copy();
        copy.remove(name);
        return new Headers(copy);
    }

    private TreeMap<String, List<String>> copy() {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(values);
        return copy;
    }

    private static String checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a header needs a name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 127 || c == ':') {
                throw new IllegalArgumentException("invalid header name: " + name);
            }
        }
        return name;
    }

    private static String checkValue(String value) {
        if (value == null) {
            throw new IllegalArgumentException("a header value cannot be null");
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a header value cannot contain a line break");
        }
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Headers h && h.values.equals(values);
    }

    @Override
    public int hashCode() {
        // consistent with equals, which ignores the case of names
        int hash = 0;
        for (Map.Entry<String, List<String>> entry : values.entrySet()) {
            hash += entry.getKey().toLowerCase(java.util.Locale.ROOT).hashCode() ^ entry.getValue().hashCode();
        }
        return hash;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
