package io.jfaas.function;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What a function knows about where it runs, handed to {@link FunctionHandler#init}. */
public final class FunctionContext {

    private final String functionName;
    private final String namespace;
    private final Map<String, String> environment;

    private FunctionContext(String functionName, String namespace, Map<String, String> environment) {
        this.functionName = Objects.requireNonNull(functionName, "functionName");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.environment = Map.copyOf(environment);
    }

    /** A context, as the watchdog makes one; also for tests of a handler's {@code init}. */
    public static FunctionContext of(String functionName, String namespace, Map<String, String> environment) {
        return new FunctionContext(functionName, namespace, environment);
    }

    /** The function's name, e.g. {@code hello}. */
    public String functionName() {
        return functionName;
    }

    /** The function's namespace, e.g. {@code openfaas-fn}. */
    public String namespace() {
        return namespace;
    }

    /** An environment variable of the function ({@code environment:} in the stack file). */
    public Optional<String> env(String name) {
        return Optional.ofNullable(environment.get(name));
    }
}
