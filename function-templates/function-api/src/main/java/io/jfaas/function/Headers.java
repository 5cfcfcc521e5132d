package io.jfaas.function;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * HTTP headers: names compared without regard to case, each with one or more values in order. Immutable; the
 * {@code with...} methods return a copy. Names keep the spelling they were first given, and the order they came in.
 */
public final class Headers {

    private static final Headers EMPTY = new Headers(new LinkedHashMap<>());

    /** By lower-case name. */
    private final LinkedHashMap<String, Field> fields;

    private record Field(String name, List<String> values) {
    }

    private Headers(LinkedHashMap<String, Field> fields) {
        this.fields = fields;
    }

    /** No headers. */
    public static Headers empty() {
        return EMPTY;
    }

    /** Headers from a map of names to values; names that differ only in case are merged. Checked as {@link #with}. */
    public static Headers of(Map<String, ? extends List<String>> map) {
        LinkedHashMap<String, Field> fields = new LinkedHashMap<>(Math.max(4, map.size() * 2));
        map.forEach((name, list) -> {
            if (name != null && list != null && !list.isEmpty()) {
                String key = key(checkName(name));
                Field existing = fields.get(key);
                List<String> values = new ArrayList<>(existing == null ? List.of() : existing.values());
                list.forEach(value -> values.add(checkValue(value)));
                fields.put(key, new Field(existing == null ? name : existing.name(), List.copyOf(values)));
            }
        });
        return new Headers(fields);
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
        Field field = fields.get(key(name));
        return field == null ? Optional.empty() : Optional.of(field.values().get(0));
    }

    /** Every value of the header, in order; empty when absent. */
    public List<String> all(String name) {
        Field field = fields.get(key(name));
        return field == null ? List.of() : field.values();
    }

    /** True when the header is present. */
    public boolean contains(String name) {
        return fields.containsKey(key(name));
    }

    /** The header names, spelled as first given, in the order they came. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        fields.values().forEach(field -> names.add(field.name()));
        return Collections.unmodifiableSet(names);
    }

    /** True when there are no headers. */
    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** Calls {@code action} once per header name with all its values. */
    public void forEach(BiConsumer<String, List<String>> action) {
        fields.values().forEach(field -> action.accept(field.name(), field.values()));
    }

    /** The headers as a map, in order. */
    public Map<String, List<String>> asMap() {
        Map<String, List<String>> map = new LinkedHashMap<>();
        forEach(map::put);
        return Collections.unmodifiableMap(map);
    }

    /** A copy in which {@code name} has exactly this one value. */
    public Headers with(String name, String value) {
        LinkedHashMap<String, Field> copy = new LinkedHashMap<>(fields);
        String key = key(checkName(name));
        copy.remove(key);
        copy.put(key, new Field(name, List.of(checkValue(value))));
        return new Headers(copy);
    }

    /** A copy with {@code value} added after the existing values of {@code name}. */
    public Headers withAdded(String name, String value) {
        LinkedHashMap<String, Field> copy = new LinkedHashMap<>(fields);
        String key = key(checkName(name));
        Field existing = copy.get(key);
        List<String> values = new ArrayList<>(existing == null ? List.of() : existing.values());
        values.add(checkValue(value));
        copy.put(key, new Field(existing == null ? name : existing.name(), List.copyOf(values)));
        return new Headers(copy);
    }

    /** A copy without {@code name}. */
    public Headers without(String name) {
        String key = key(name);
        if (!fields.containsKey(key)) {
            return this;
        }
        LinkedHashMap<String, Field> copy = new LinkedHashMap<>(fields);
        copy.remove(key);
        return new Headers(copy);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
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

    /** Equal when they hold the same values under the same names, whatever the case of the names or their order. */
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Headers h) || h.fields.size() != fields.size()) {
            return false;
        }
        for (Map.Entry<String, Field> entry : fields.entrySet()) {
            Field theirs = h.fields.get(entry.getKey());
            if (theirs == null || !theirs.values().equals(entry.getValue().values())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 0;
        for (Map.Entry<String, Field> entry : fields.entrySet()) {
            hash += entry.getKey().hashCode() ^ entry.getValue().values().hashCode();
        }
        return hash;
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
