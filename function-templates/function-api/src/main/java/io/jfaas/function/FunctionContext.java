package io.jfaas.function;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a function knows about where it runs, handed to {@link FunctionHandler#init}: its name, its environment, and
 * its secrets (the files OpenFaaS mounts at {@code /var/openfaas/secrets/NAME}).
 */
public final class FunctionContext {

    /** Where OpenFaaS mounts a function's secrets. */
    public static final Path DEFAULT_SECRETS_DIR = Path.of("/var/openfaas/secrets");

    private final String functionName;
    private final String namespace;
    private final Map<String, String> environment;
    private final Path secretsDir;

    private FunctionContext(String functionName, String namespace, Map<String, String> environment, Path secretsDir) {
        this.functionName = Objects.requireNonNull(functionName, "functionName");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.environment = Map.copyOf(environment);
        this.secretsDir = Objects.requireNonNull(secretsDir, "secretsDir");
    }

    /** A context with secrets in {@code /var/openfaas/secrets}; also for tests of a handler's {@code init}. */
    public static FunctionContext of(String functionName, String namespace, Map<String, String> environment) {
        return new FunctionContext(functionName, namespace, environment, DEFAULT_SECRETS_DIR);
    }

    /** A context with secrets in {@code secretsDir}, as the watchdog makes one. */
    public static FunctionContext of(String functionName, String namespace, Map<String, String> environment,
                                     Path secretsDir) {
        return new FunctionContext(functionName, namespace, environment, secretsDir);
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

    /**
     * A secret's value as UTF-8 text, trailing line breaks removed; empty when the function was not given that secret
     * ({@code secrets:} in the stack file). Read it in {@code init} and keep it.
     */
    public Optional<String> secret(String name) {
        return secretBytes(name).map(bytes -> new String(bytes, StandardCharsets.UTF_8).stripTrailing());
    }

    /** A secret's raw bytes; empty when the function was not given that secret. */
    public Optional<byte[]> secretBytes(String name) {
        if (name == null || name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not a secret name: " + name);
        }
        try {
            return Optional.of(Files.readAllBytes(secretsDir.resolve(name)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secret " + name + " from " + secretsDir, e);
        }
    }
}
