package io.jfaas.gateway.testing;

import io.jfaas.provider.FunctionProvider;
import io.jfaas.provider.LogQuery;
import io.jfaas.provider.LogStream;
import io.jfaas.provider.ProviderException;
import io.jfaas.provider.Upstream;
import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.FunctionNamespace;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.FunctionStatus;
import io.jfaas.model.LogMessage;
import io.jfaas.model.ProviderInfo;
import io.jfaas.model.Secret;
import io.jfaas.model.VersionInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An in-memory provider for route tests: keeps deployments in a map and sends every invocation to one port (an
 * {@link EchoFunction}, or a closed port to test failures). Functions named {@code starting} are never ready. A
 * function scaled to 0 answers {@code resolve} with SCALED_TO_ZERO; a scale call can be held open with
 * {@link #holdScaling()} to see what arrives meanwhile.
 */
public final class FakeProvider implements FunctionProvider {

    private final Map<FunctionRef, FunctionDeployment> functions = new ConcurrentHashMap<>();
    private final Map<FunctionRef, Long> replicas = new ConcurrentHashMap<>();
    private final Map<FunctionRef, Long> available = new ConcurrentHashMap<>();
    private final Map<FunctionRef, Secret> secrets = new ConcurrentHashMap<>();
    private final List<LogMessage> logLines = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger released = new AtomicInteger();
    private final AtomicInteger resolved = new AtomicInteger();
    private final AtomicInteger scaleCalls = new AtomicInteger();
    private volatile CompletableFuture<Void> scaling = CompletableFuture.completedFuture(null);
    private volatile int upstreamPort;

    public FakeProvider(int upstreamPort) {
        this.upstreamPort = upstreamPort;
    }

    public void upstreamPort(int port) {
        this.upstreamPort = port;
    }

    /** How many leases the gateway took (each to be given back). */
    public int resolved() {
        return resolved.get();
    }

    /** How many leases the gateway gave back. */
    public int released() {
        return released.get();
    }

    public Optional<FunctionDeployment> deployed(FunctionRef ref) {
        return Optional.ofNullable(functions.get(ref));
    }

    /** The replicas a function was last scaled to, if it was. */
    public Optional<Long> scaledTo(FunctionRef ref) {
        return Optional.ofNullable(replicas.get(ref));
    }

    /** Reports {@code count} available replicas for {@code ref} from now on (default: all its replicas). */
    public void available(FunctionRef ref, long count) {
        available.put(ref, count);
    }

    /** How many scale calls arrived. */
    public int scaleCalls() {
        return scaleCalls.get();
    }

    /** Scale calls from now on complete only when the returned future does. */
    public CompletableFuture<Void> holdScaling() {
        scaling = new CompletableFuture<>();
        return scaling;
    }

    /** A stored secret, value included, as the routes handed it over. */
    public Optional<Secret> secret(FunctionRef nameAndNamespace) {
        return Optional.ofNullable(secrets.get(nameAndNamespace));
    }

    /** Adds a line that {@link #logs} will stream. */
    public void printLog(LogMessage message) {
        logLines.add(message);
    }

    @Override
    public ProviderInfo info() {
        return new ProviderInfo("fake", "memory", new VersionInfo(null, "abc", "1.2.3"));
    }

    @Override
    public CompletableFuture<List<FunctionStatus>> list(String namespace) {
        return CompletableFuture.completedFuture(functions.values().stream()
                .filter(d -> d.namespace().equals(namespace))
                .map(this::statusOf)
                .toList());
    }

    @Override
    public CompletableFuture<Optional<FunctionStatus>> status(FunctionRef ref) {
        return CompletableFuture.completedFuture(Optional.ofNullable(functions.get(ref)).map(this::statusOf));
    }

    @Override
    public CompletableFuture<Void> deploy(FunctionDeployment deployment) {
        FunctionRef ref = new FunctionRef(deployment.service(), deployment.namespace());
        if (functions.putIfAbsent(ref, deployment) != null) {
            return CompletableFuture.failedFuture(new ProviderException(ProviderException.Kind.CONFLICT,
                    "function " + ref + " already exists"));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> update(FunctionDeployment deployment) {
        FunctionRef ref = new FunctionRef(deployment.service(), deployment.namespace());
        if (functions.replace(ref, deployment) == null) {
            return CompletableFuture.failedFuture(new ProviderException(ProviderException.Kind.NOT_FOUND,
                    "function " + ref + " not found"));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> remove(FunctionRef ref) {
        if (functions.remove(ref) == null) {
            return CompletableFuture.failedFuture(new ProviderException(ProviderException.Kind.NOT_FOUND,
                    "function " + ref + " not found"));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> scale(FunctionRef ref, long count) {
        if (!functions.containsKey(ref)) {
            return CompletableFuture.failedFuture(new ProviderException(ProviderException.Kind.NOT_FOUND,
                    "function " + ref + " not found"));
        }
        scaleCalls.incrementAndGet();
        return scaling.thenRun(() -> replicas.put(ref, count));
    }

    @Override
    public CompletableFuture<List<String>> namespaces() {
        return CompletableFuture.completedFuture(List.of("openfaas-fn", "team-a"));
    }

    /** Namespaces: openfaas-fn and team-a exist, with no labels; none can be created, changed or deleted. */
    @Override
    public CompletableFuture<Optional<FunctionNamespace>> namespace(String name) {
        return CompletableFuture.completedFuture(List.of("openfaas-fn", "team-a").contains(name)
                ? Optional.of(new FunctionNamespace(name, null, null)) : Optional.empty());
    }

    @Override
    public CompletableFuture<Void> createNamespace(FunctionNamespace namespace) {
        return CompletableFuture.failedFuture(new ProviderException(ProviderException.Kind.CONFLICT,
                "the fake provider's namespaces are fixed"));
    }

    @Override
    public CompletableFuture<Void> updateNamespace(FunctionNamespace namespace) {
        return createNamespace(namespace);
    }

    @Override
    public CompletableFuture<Void> deleteNamespace(String name) {
        return createNamespace(null);
    }

    @Override
    public CompletableFuture<List<Secret>> listSecrets(String namespace) {
        return CompletableFuture.completedFuture(secrets.values().stream()
                .filter(s -> s.namespace().equals(namespace))
                .sorted(Comparator.comparing(Secret::name))
                .map(s -> new Secret(s.name(), s.namespace(), null, null))
                .toList());
    }

    @Override
    public CompletableFuture<Void> createSecret(Secret secret) {
        if (secrets.putIfAbsent(new FunctionRef(secret.name(), secret.namespace()), secret) != null) {
            return CompletableFuture.failedFuture(new ProviderException(ProviderException.Kind.CONFLICT,
                    "secret " + secret.name() + " already exists"));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> updateSecret(Secret secret) {
        if (secrets.replace(new FunctionRef(secret.name(), secret.namespace()), secret) == null) {
            return CompletableFuture.failedFuture(new ProviderException(ProviderException.Kind.NOT_FOUND,
                    "secret " + secret.name() + " not found"));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> deleteSecret(String name, String namespace) {
        if (secrets.remove(new FunctionRef(name, namespace)) == null) {
            return CompletableFuture.failedFuture(new ProviderException(ProviderException.Kind.NOT_FOUND,
                    "secret " + name + " not found"));
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Streams the printed lines of the function, tail and instance applied; never follows. */
    @Override
    public CompletableFuture<LogStream> logs(LogQuery query, Consumer<LogMessage> onMessage) {
        if (!functions.containsKey(query.ref())) {
            return CompletableFuture.failedFuture(new ProviderException(ProviderException.Kind.NOT_FOUND,
                    "function " + query.ref() + " not found"));
        }
        List<LogMessage> selected = new ArrayList<>();
        for (LogMessage m : logLines) {
            if (m.name().equals(query.ref().name()) && m.namespace().equals(query.ref().namespace())
                    && (query.instance() == null || query.instance().equals(m.instance()))
                    && (query.since() == null || !m.timestamp().isBefore(query.since()))) {
                selected.add(m);
            }
        }
        List<LogMessage> out = query.tail() < 0 || query.tail() >= selected.size() ? selected
                : selected.subList(selected.size() - query.tail(), selected.size());
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            out.forEach(onMessage);
            done.complete(null);
        });
        return CompletableFuture.completedFuture(new LogStream() {
            @Override
            public CompletableFuture<Void> done() {
                return done;
            }

            @Override
            public void cancel() {
                done.complete(null);
            }
        });
    }

    @Override
    public CompletableFuture<Upstream> resolve(FunctionRef ref) {
        if (!functions.containsKey(ref)) {
            return CompletableFuture.failedFuture(new ProviderException(ProviderException.Kind.NOT_FOUND, "nope"));
        }
        if (replicas.getOrDefault(ref, 1L) == 0) {
            return CompletableFuture.failedFuture(new ProviderException(ProviderException.Kind.SCALED_TO_ZERO,
                    "function " + ref + " is scaled to zero"));
        }
        if (ref.name().equals("starting")) {
            return CompletableFuture.failedFuture(new ProviderException(ProviderException.Kind.UNAVAILABLE,
                    "function " + ref + " has no ready replica"));
        }
        int port = upstreamPort;
        resolved.incrementAndGet();
        return CompletableFuture.completedFuture(new Upstream() {
            @Override
            public String host() {
                return "127.0.0.1";
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public Optional<String> natsSubject() {
                // as the local provider: a function annotated for the NATS transport is served on its subject
                FunctionDeployment deployment = functions.get(ref);
                return deployment != null && "nats".equals(deployment.annotations().get("com.jfaas.transport"))
                        ? Optional.of("jfaas.invoke." + ref.namespace() + "." + ref.name()) : Optional.empty();
            }

            @Override
            public void release() {
                released.incrementAndGet();
            }
        });
    }

    @Override
    public CompletableFuture<Void> close() {
        return CompletableFuture.completedFuture(null);
    }

    /** As the real providers: the labels given plus {@code faas_function}. */
    private FunctionStatus statusOf(FunctionDeployment d) {
        long count = replicas.getOrDefault(new FunctionRef(d.service(), d.namespace()), 1L);
        Map<String, String> labels = new java.util.LinkedHashMap<>(d.labels() == null ? Map.of() : d.labels());
        labels.put("faas_function", d.service());
        return new FunctionStatus(d.service(), d.image(), d.namespace(), d.envProcess(), d.envVars(), d.constraints(),
                d.secrets(), labels, d.annotations(), d.limits(), d.requests(), d.readOnlyRootFilesystem(), 0, count,
                Math.min(count, available.getOrDefault(new FunctionRef(d.service(), d.namespace()), count)),
                Instant.parse("2026-01-02T03:04:05Z"));
    }
}
