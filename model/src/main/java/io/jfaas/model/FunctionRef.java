package io.jfaas.model;

import java.util.Objects;

/**
 * A function's name and namespace.
 *
 * @param name the function name
 * @param namespace the namespace
 */
public record FunctionRef(String name, String namespace) {

    public FunctionRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
    }

    /**
     * Reads {@code NAME} or {@code NAME.NAMESPACE} as the gateway's routes take it: the namespace follows the
     * last dot; without one the default namespace applies.
     */
    public static FunctionRef parse(String nameOrQualified, String defaultNamespace) {
        int dot = nameOrQualified.lastIndexOf('.');
        if (dot < 0) {
            return new FunctionRef(nameOrQualified, defaultNamespace);
        }
        String namespace = nameOrQualified.substring(dot + 1);
        return new FunctionRef(nameOrQualified.substring(0, dot), namespace.isEmpty() ? defaultNamespace : namespace);
    }

    /** {@code NAME.NAMESPACE}, the form metrics and logs use. */
    public String qualified() {
        return name + "." + namespace;
    }

    @Override
    public String toString() {
        return qualified();
    }
}
