package io.jfaas.gateway.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.gateway.auth.Credentials;
import io.jfaas.gateway.provider.FunctionProvider;
import io.jfaas.gateway.provider.LogQuery;
import io.jfaas.gateway.provider.LogStream;
import io.jfaas.gateway.provider.ProviderException;
import io.jfaas.gateway.provider.Upstream;
import io.jfaas.model.DeleteFunctionRequest;
import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.FunctionNamespace;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.FunctionStatus;
import io.jfaas.model.Json;
import io.jfaas.model.LogMessage;
import io.jfaas.model.ProviderInfo;
import io.jfaas.model.ScaleServiceRequest;
import io.jfaas.model.Secret;
import io.jfaas.model.SyncTransport;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A provider reached over HTTP: the OpenFaaS provider contract ({@code /system/*}, the gateway's own routes and JSON)
 * served at {@code functions_provider_url}, in a cluster the jfaas operator. Calls carry the gateway's basic-auth
 * credentials. The provider's status codes become {@link ProviderException} kinds (404 NOT_FOUND, 409 CONFLICT, ...);
 * a provider that cannot be reached, or refuses the credentials, fails the call with a message naming its URL.
 *
 * <p>{@link #resolve} reads the function's status through a short-lived cache (as OpenFaaS's gateway, 250 ms) and
 * answers its Service address; a function with replicas but none available is waited for, re-reading its status at
 * a short interval, up to the ready timeout.
 */
public final class RemoteProvider implements FunctionProvider {

    private static final Logger LOG = Logger.getLogger(RemoteProvider.class.getName());

    /** How long a function's status is reused for {@link #resolve}; OpenFaaS's gateway uses 250 ms too. */
    public static final Duration STATUS_CACHE_TTL = Duration.ofMillis(250);
    /** How often a function with no available replica is looked at again while a call waits. */
    public static final Duration READY_POLL_INTERVAL = Duration.ofMillis(25);

    /**
     * @param url the provider's base URL ({@code functions_provider_url})
     * @param credentials sent as basic auth, when the gateway has them
     * @param addresses where functions are invoked over HTTP
     * @param transport which functions are invoked over NATS instead (their Deployments serve its subject)
     * @param readyTimeout how long a call waits for an available replica ({@code JFAAS_READY_TIMEOUT})
     * @param requestTimeout the longest one call to the provider may take (logs excepted)
     */
    public record Settings(URI url, Optional<Credentials> credentials, ServiceAddress addresses,
                           SyncTransport transport, Duration readyTimeout, Duration requestTimeout) {
    }

    private final Settings settings;
    private final URI base;
    private final HttpClient http;
    private final ObjectMapper json = Json.newMapper();
    private final ProviderInfo info;
    private final Map<FunctionRef, Cached> statusCache = new ConcurrentHashMap<>();

    private record Cached(CompletableFuture<Optional<FunctionStatus>> status, long expiresNanos) {
    }

    private RemoteProvider(Settings settings, HttpClient http, ProviderInfo info) {
        this.settings = settings;
        String text = settings.url().toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.http = http;
        this.info = info;
    }

    /**
     * Reaches the provider: reads its {@code /system/info} (a provider's, or a gateway's whose {@code provider} it
     * takes) and completes with a provider ready for use, or fails with a message naming the URL.
     */
    public static CompletableFuture<RemoteProvider> connect(Settings settings) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(3))
                .build();
        RemoteProvider unready = new RemoteProvider(settings, http, null);
        return unready.call("GET", "system/info", null).thenApply(body -> {
            try {
                JsonNode node = unready.json.readTree(body);
                JsonNode providerNode = node.path("provider").isObject() ? node.get("provider") : node;
                ProviderInfo info = unready.json.treeToValue(providerNode, ProviderInfo.class);
                return new RemoteProvider(settings, http, info);
            } catch (JsonProcessingException e) {
                throw new ProviderException(ProviderException.Kind.INTERNAL, "the functions provider at "
                        + settings.url() + " answered /system/info with something that is not its JSON: "
                        + e.getOriginalMessage());
            }
        });
    }

    /** The provider's URL. */
    public URI url() {
        return settings.url();
    }

    @Override
    public ProviderInfo info() {
        return info;
    }

    @Override
    public CompletableFuture<List<FunctionStatus>> list(String namespace) {
        return call("GET", "system/functions" + query(Map.of("namespace", namespace)), null)
                .thenApply(body -> read(body, new TypeReference<List<FunctionStatus>>() { }));
    }

    @Override
    public CompletableFuture<Optional<FunctionStatus>> status(FunctionRef ref) {
        return call("GET", "system/function/" + encode(ref.name()) + query(Map.of("namespace", ref.namespace())),
                null)
                .thenApply(body -> Optional.of(read(body, new TypeReference<FunctionStatus>() { })))
                .exceptionallyCompose(failure -> unwrap(failure) instanceof ProviderException e
                        && e.kind() == ProviderException.Kind.NOT_FOUND
                        ? CompletableFuture.completedFuture(Optional.empty())
                        : CompletableFuture.failedFuture(unwrap(failure)));
    }

    @Override
    public CompletableFuture<Void> deploy(FunctionDeployment deployment) {
        return forget(new FunctionRef(deployment.service(), deployment.namespace()),
                call("POST", "system/functions", write(deployment)));
    }

    @Override
    public CompletableFuture<Void> update(FunctionDeployment deployment) {
        return forget(new FunctionRef(deployment.service(), deployment.namespace()),
                call("PUT", "system/functions", write(deployment)));
    }

    @Override
    public CompletableFuture<Void> remove(FunctionRef ref) {
        return forget(ref, call("DELETE", "system/functions",
                write(new DeleteFunctionRequest(ref.name(), ref.namespace()))));
    }

    @Override
    public CompletableFuture<Void> scale(FunctionRef ref, long replicas) {
        return forget(ref, call("POST", "system/scale-function/" + encode(ref.name()),
                write(new ScaleServiceRequest(ref.name(), replicas, ref.namespace()))));
    }

    @Override
    public CompletableFuture<List<String>> namespaces() {
        return call("GET", "system/namespaces", null)
                .thenApply(body -> read(body, new TypeReference<List<String>>() { }));
    }

    @Override
    public CompletableFuture<Optional<FunctionNamespace>> namespace(String name) {
        return call("GET", "system/namespace/" + encode(name), null)
                .thenApply(body -> Optional.of(read(body, new TypeReference<FunctionNamespace>() { })))
                .exceptionallyCompose(failure -> unwrap(failure) instanceof ProviderException e
                        && e.kind() == ProviderException.Kind.NOT_FOUND
                        ? CompletableFuture.completedFuture(Optional.empty())
                        : CompletableFuture.failedFuture(unwrap(failure)));
    }

    @Override
    public CompletableFuture<Void> createNamespace(FunctionNamespace namespace) {
        return call("POST", "system/namespace/", write(namespace)).thenApply(body -> null);
    }

    @Override
    public CompletableFuture<Void> updateNamespace(FunctionNamespace namespace) {
        return call("PUT", "system/namespace/" + encode(namespace.name()), write(namespace)).thenApply(body -> null);
    }

    @Override
    public CompletableFuture<Void> deleteNamespace(String name) {
        return call("DELETE", "system/namespace/" + encode(name), null).thenApply(body -> null);
    }

    @Override
    public CompletableFuture<List<Secret>> listSecrets(String namespace) {
        return call("GET", "system/secrets" + query(Map.of("namespace", namespace)), null)
                .thenApply(body -> read(body, new TypeReference<List<Secret>>() { }));
    }

    @Override
    public CompletableFuture<Void> createSecret(Secret secret) {
        return call("POST", "system/secrets", write(secret)).thenApply(body -> null);
    }

    @Override
    public CompletableFuture<Void> updateSecret(Secret secret) {
        return call("PUT", "system/secrets", write(secret)).thenApply(body -> null);
    }

    @Override
    public CompletableFuture<Void> deleteSecret(String name, String namespace) {
        return call("DELETE", "system/secrets", write(new Secret(name, namespace, null, null)))
                .thenApply(body -> null);
    }

    /** Streams the provider's NDJSON lines, one {@link LogMessage} each, on a virtual thread. */
    @Override
    public CompletableFuture<LogStream> logs(LogQuery query, Consumer<LogMessage> onMessage) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("name", query.ref().name());
        parameters.put("namespace", query.ref().namespace());
        parameters.put("follow", Boolean.toString(query.follow()));
        if (query.tail() > 0) {
            parameters.put("tail", Integer.toString(query.tail()));
        }
        if (query.since() != null) {
            parameters.put("since", query.since().toString());
        }
        if (query.instance() != null) {
            parameters.put("instance", query.instance());
        }
        HttpRequest request = request("GET", "system/logs" + query(parameters), null).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(unreachable(failure)))
                .thenApply(response -> {
                    if (response.statusCode() != 200) {
                        String text;
                        try (Stream<String> lines = response.body()) {
                            text = lines.collect(Collectors.joining("\n"));
                        }
                        throw failure(response.statusCode(), text);
                    }
                    return stream(response.body(), onMessage);
                });
    }

    private LogStream stream(Stream<String> lines, Consumer<LogMessage> onMessage) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofVirtual().name("remote-logs").start(() -> {
            try (lines) {
                lines.forEach(line -> {
                    if (done.isDone() || line.isBlank()) {
                        return;
                    }
                    try {
                        onMessage.accept(json.readValue(line, LogMessage.class));
                    } catch (JsonProcessingException e) {
                        LOG.warning("the functions provider at " + settings.url()
                                + " sent a log line that is not JSON; skipped: " + e.getOriginalMessage());
                    }
                });
            } catch (RuntimeException e) {
                // the stream was closed (cancel) or the provider went away: the log ends either way
                LOG.fine("log stream from " + settings.url() + " ended: " + e);
            } finally {
                done.complete(null);
            }
        });
        return new LogStream() {
            @Override
            public CompletableFuture<Void> done() {
                return done;
            }

            @Override
            public void cancel() {
                done.complete(null);
                lines.close();
            }
        };
    }

    @Override
    public CompletableFuture<Upstream> resolve(FunctionRef ref) {
        long deadline = System.nanoTime() + settings.readyTimeout().toNanos();
        return cachedStatus(ref).thenCompose(status -> upstreamOrWait(ref, status, deadline));
    }

    private CompletableFuture<Upstream> upstreamOrWait(FunctionRef ref, Optional<FunctionStatus> status,
                                                       long deadline) {
        if (status.isEmpty()) {
            return CompletableFuture.failedFuture(new ProviderException(ProviderException.Kind.NOT_FOUND,
                    "function " + ref + " not found"));
        }
        FunctionStatus function = status.get();
        if (function.replicas() == 0) {
            return CompletableFuture.failedFuture(new ProviderException(ProviderException.Kind.SCALED_TO_ZERO,
                    "function " + ref + " is scaled to zero"));
        }
        if (function.availableReplicas() > 0) {
            return CompletableFuture.completedFuture(upstream(settings.addresses().of(ref),
                    settings.transport().subjectOf(ref, function.annotations())));
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return CompletableFuture.failedFuture(new ProviderException(ProviderException.Kind.UNAVAILABLE,
                    "function " + ref + " has " + function.replicas() + " replica(s) but none became available within "
                            + settings.readyTimeout().toMillis() + " ms (JFAAS_READY_TIMEOUT)"));
        }
        long wait = Math.min(left, READY_POLL_INTERVAL.toNanos());
        return CompletableFuture.supplyAsync(() -> null,
                        CompletableFuture.delayedExecutor(wait, TimeUnit.NANOSECONDS))
                .thenCompose(ignored -> freshStatus(ref))
                .thenCompose(fresh -> upstreamOrWait(ref, fresh, deadline));
    }

    /** The status of {@code ref}, shared by the calls of the last {@link #STATUS_CACHE_TTL}; failures not kept. */
    private CompletableFuture<Optional<FunctionStatus>> cachedStatus(FunctionRef ref) {
        long now = System.nanoTime();
        Cached cached = statusCache.compute(ref, (key, old) -> old != null && now - old.expiresNanos() < 0
                && !old.status().isCompletedExceptionally() ? old
                : new Cached(status(key), now + STATUS_CACHE_TTL.toNanos()));
        return cached.status();
    }

    /** Reads the status anew and keeps it for the next calls. */
    private CompletableFuture<Optional<FunctionStatus>> freshStatus(FunctionRef ref) {
        CompletableFuture<Optional<FunctionStatus>> status = status(ref);
        statusCache.put(ref, new Cached(status, System.nanoTime() + STATUS_CACHE_TTL.toNanos()));
        return status;
    }

    /** Completes with the call, dropping the cached status of {@code ref} once the provider has changed it. */
    private CompletableFuture<Void> forget(FunctionRef ref, CompletableFuture<String> call) {
        return call.whenComplete((body, failure) -> statusCache.remove(ref)).thenApply(body -> null);
    }

    private static Upstream upstream(InetSocketAddress address, Optional<String> natsSubject) {
        return new Upstream() {
            @Override
            public Optional<String> natsSubject() {
                return natsSubject;
            }

            @Override
            public String host() {
                return address.getHostString();
            }

            @Override
            public int port() {
                return address.getPort();
            }

            @Override
            public void release() {
                // the Service spreads calls over the replicas; nothing is held here
            }
        };
    }

    @Override
    public CompletableFuture<Void> close() {
        http.close();
        return CompletableFuture.completedFuture(null);
    }

    /** One request; completes with the body of a 2xx answer, or fails with the status code's kind. */
    private CompletableFuture<String> call(String method, String path, String body) {
        HttpRequest request = request(method, path, body).timeout(settings.requestTimeout()).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(unreachable(failure)))
                .thenApply(response -> {
                    if (response.statusCode() / 100 != 2) {
                        throw failure(response.statusCode(), response.body());
                    }
                    return response.body();
                });
    }

    private HttpRequest.Builder request(String method, String path, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        settings.credentials().ifPresent(c -> builder.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((c.user() + ":" + c.password()).getBytes(StandardCharsets.UTF_8))));
        return builder;
    }

    /** The kind a provider's status code means, with the provider's own text. */
    private ProviderException failure(int status, String text) {
        String message = text == null || text.isBlank() ? "the functions provider answered " + status : text.strip();
        return switch (status) {
            case 400 -> new ProviderException(ProviderException.Kind.INVALID, message);
            case 401 -> new ProviderException(ProviderException.Kind.INTERNAL, "the functions provider at "
                    + settings.url() + " refused the gateway's credentials (401): give both the same basic-auth"
                    + " secret (secret_mount_path)");
            case 403 -> new ProviderException(ProviderException.Kind.FORBIDDEN, message);
            case 404 -> new ProviderException(ProviderException.Kind.NOT_FOUND, message);
            case 409 -> new ProviderException(ProviderException.Kind.CONFLICT, message);
            case 422 -> new ProviderException(ProviderException.Kind.UNPROCESSABLE, message);
            case 429 -> new ProviderException(ProviderException.Kind.OVERLOADED, message);
            case 503 -> new ProviderException(ProviderException.Kind.UNAVAILABLE, message);
            default -> new ProviderException(ProviderException.Kind.INTERNAL, "the functions provider at "
                    + settings.url() + " answered " + status + ": " + message);
        };
    }

    private ProviderException unreachable(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ProviderException e) {
            return e;
        }
        return new ProviderException(ProviderException.Kind.UNAVAILABLE, "cannot reach the functions provider at "
                + settings.url() + " (functions_provider_url): " + describe(cause), cause);
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + message;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private <T> T read(String body, TypeReference<T> type) {
        try {
            return json.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new ProviderException(ProviderException.Kind.INTERNAL, "the functions provider at " + settings.url()
                    + " answered with JSON that is not the contract's: " + e.getOriginalMessage());
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the contract's records are always writable as JSON", e);
        }
    }

    private static String query(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&", "?", ""));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
