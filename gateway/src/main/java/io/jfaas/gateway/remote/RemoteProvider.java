package io.jfaas.gateway.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.gateway.auth.Credentials;
import io.jfaas.provider.FunctionProvider;
import io.jfaas.provider.LogQuery;
import io.jfaas.provider.LogStream;
import io.jfaas.provider.ProviderException;
import io.jfaas.provider.Upstream;
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
import io.jfaas.provider.Endpoint;
import io.jfaas.provider.EndpointsUpdate;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * <p>Invocations never ask the provider: {@link #resolve} picks a ready endpoint (a pod's IP and port) from an
 * {@link EndpointTable} that the provider's endpoints feed keeps current ({@link EndpointFeed}), the least loaded one,
 * waiting for one up to the ready timeout while the function starts. A function the provider has but whose Deployment
 * does not exist yet is starting, not at zero. The gateway starts without the provider: the feed connects in the
 * background with back-off, and until its first snapshot calls fail with 503 and a message saying so.
 */
public final class RemoteProvider implements FunctionProvider {

    private static final Logger LOG = Logger.getLogger(RemoteProvider.class.getName());

    /** What {@link #info()} answers before the provider was reached. */
    static final ProviderInfo NOT_CONNECTED = new ProviderInfo("not connected", "kubernetes", null);
    /** The most attempts one call makes at endpoints that refuse the connection. */
    static final int MAX_REFUSED = 3;

    /**
     * @param url the provider's base URL ({@code functions_provider_url})
     * @param credentials sent as basic auth, when the gateway has them
     * @param transport which functions are invoked over NATS instead (their Deployments serve its subject)
     * @param readyTimeout how long a call waits for a ready endpoint ({@code JFAAS_READY_TIMEOUT})
     * @param requestTimeout the longest one call to the provider may take (logs excepted)
     * @param maxWaiting the most calls that wait for one function's ready endpoint at a time
     */
    public record Settings(URI url, Optional<Credentials> credentials, SyncTransport transport,
                           Duration readyTimeout, Duration requestTimeout, int maxWaiting) {
    }

    private final Settings settings;
    private final URI base;
    private final HttpClient http;
    private final ObjectMapper json = Json.newMapper();
    private final EndpointTable table;
    private final EndpointFeed feed;
    private volatile ProviderInfo info = NOT_CONNECTED;

    private RemoteProvider(Settings settings, HttpClient http) {
        this.settings = settings;
        String text = settings.url().toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.http = http;
        this.table = new EndpointTable(settings.maxWaiting());
        this.feed = new EndpointFeed(http, () -> request("GET", EndpointsUpdate.PATH, null).build(),
                this::readInfo, table, json);
    }

    /**
     * A provider client that starts reaching the provider in the background at once (its {@code /system/info}, then
     * its endpoints feed, again with back-off whenever the connection fails). Returns without waiting.
     */
    public static RemoteProvider start(Settings settings) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(3))
                .build();
        RemoteProvider provider = new RemoteProvider(settings, http);
        provider.feed.start();
        return provider;
    }

    /** Reads {@code /system/info} (a provider's, or a gateway's whose {@code provider} it takes). */
    private void readInfo() {
        String body;
        try {
            body = call("GET", "system/info", null).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        try {
            JsonNode node = json.readTree(body);
            JsonNode providerNode = node.path("provider").isObject() ? node.get("provider") : node;
            info = json.treeToValue(providerNode, ProviderInfo.class);
        } catch (JsonProcessingException e) {
            throw new ProviderException(ProviderException.Kind.INTERNAL, "the functions provider at "
                    + settings.url() + " answered /system/info with something that is not its JSON: "
                    + e.getOriginalMessage());
        }
    }

    /** The ready endpoints calls of {@code ref} go to now (for tests and diagnostics). */
    List<Endpoint> endpoints(FunctionRef ref) {
        return table.entry(ref).map(entry -> entry.ready().stream().map(slot -> slot.endpoint).toList())
                .orElse(List.of());
    }

    /** Whether the endpoints feed has delivered its first snapshot (calls can be routed). */
    public boolean ready() {
        return feed.ready();
    }

    /** The provider's URL. */
    public URI url() {
        return settings.url();
    }

    /** The provider's own answer to {@code /system/info}, or {@link #NOT_CONNECTED} before it was reached. */
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
        return orEmptyWhenNotFound(call("GET", "system/function/" + encode(ref.name())
                + query(Map.of("namespace", ref.namespace())), null)
                .thenApply(body -> Optional.of(read(body, new TypeReference<FunctionStatus>() { }))));
    }

    @Override
    public CompletableFuture<Void> deploy(FunctionDeployment deployment) {
        // the function is starting from now, before the feed says so: a call right away waits for it
        return call("POST", "system/functions", write(deployment)).thenAccept(body ->
                table.expect(new FunctionRef(deployment.service(), deployment.namespace()), null));
    }

    @Override
    public CompletableFuture<Void> update(FunctionDeployment deployment) {
        return call("PUT", "system/functions", write(deployment)).thenApply(body -> null);
    }

    @Override
    public CompletableFuture<Void> remove(FunctionRef ref) {
        return call("DELETE", "system/functions", write(new DeleteFunctionRequest(ref.name(), ref.namespace())))
                .thenApply(body -> null);
    }

    @Override
    public CompletableFuture<Void> scale(FunctionRef ref, long replicas) {
        // the new count holds from now, before the feed says so: a wake's calls wait for the replicas, and the next
        // call to a function scaled to zero wakes it
        return call("POST", "system/scale-function/" + encode(ref.name()),
                write(new ScaleServiceRequest(ref.name(), replicas, ref.namespace())))
                .thenAccept(body -> table.expect(ref, (int) Math.min(replicas, Integer.MAX_VALUE)));
    }

    @Override
    public CompletableFuture<List<String>> namespaces() {
        return call("GET", "system/namespaces", null)
                .thenApply(body -> read(body, new TypeReference<List<String>>() { }));
    }

    @Override
    public CompletableFuture<Optional<FunctionNamespace>> namespace(String name) {
        return orEmptyWhenNotFound(call("GET", "system/namespace/" + encode(name), null)
                .thenApply(body -> Optional.of(read(body, new TypeReference<FunctionNamespace>() { }))));
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
        if (!feed.ready()) {
            return CompletableFuture.failedFuture(new ProviderException(ProviderException.Kind.UNAVAILABLE,
                    "the gateway has not reached the functions provider at " + settings.url()
                            + " (functions_provider_url) yet: " + feed.lastProblem() + "; it keeps trying"));
        }
        return resolve(ref, System.nanoTime() + settings.readyTimeout().toNanos(), Set.of());
    }

    /** A ready endpoint of {@code ref} not in {@code refused}, waiting for one until {@code deadline}. */
    private CompletableFuture<Upstream> resolve(FunctionRef ref, long deadline, Set<Endpoint> refused) {
        Optional<EndpointTable.Entry> found = table.entry(ref);
        if (found.isEmpty()) {
            return CompletableFuture.failedFuture(new ProviderException(ProviderException.Kind.NOT_FOUND,
                    "function " + ref + " not found"));
        }
        EndpointTable.Entry entry = found.get();
        if (entry.replicas() != null && entry.replicas() == 0) {
            // pods still listed are on their way out: the function is woken, not called there
            return CompletableFuture.failedFuture(new ProviderException(ProviderException.Kind.SCALED_TO_ZERO,
                    "function " + ref + " is scaled to zero"));
        }
        Optional<EndpointTable.Slot> slot = table.pick(entry, refused);
        if (slot.isPresent()) {
            return CompletableFuture.completedFuture(new EndpointUpstream(ref, slot.get(),
                    settings.transport().subjectOf(ref, entry.annotations()), deadline, refused));
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return CompletableFuture.failedFuture(new ProviderException(ProviderException.Kind.UNAVAILABLE,
                    "function " + ref + (entry.replicas() == null ? " is starting (no Deployment yet)"
                            : " has " + entry.replicas() + " replica(s)") + " but no ready endpoint"
                            + (refused.isEmpty() ? "" : " that accepts connections") + " within "
                            + settings.readyTimeout().toMillis() + " ms (JFAAS_READY_TIMEOUT)"));
        }
        return table.changed(ref, left)
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(
                        new ProviderException(ProviderException.Kind.OVERLOADED, "function " + ref + " has no ready"
                                + " endpoint and " + settings.maxWaiting() + " calls wait for one already: try again"
                                + " in a second")))
                .thenCompose(changed -> resolve(ref, deadline, refused));
    }

    /** One call's endpoint: counted in flight until released; one that refused the connection is swapped. */
    private final class EndpointUpstream implements Upstream {
        private final FunctionRef ref;
        private final EndpointTable.Slot slot;
        private final Optional<String> natsSubject;
        private final long deadline;
        private final Set<Endpoint> refused;
        private final AtomicBoolean released = new AtomicBoolean();

        EndpointUpstream(FunctionRef ref, EndpointTable.Slot slot, Optional<String> natsSubject, long deadline,
                         Set<Endpoint> refused) {
            this.ref = ref;
            this.slot = slot;
            this.natsSubject = natsSubject;
            this.deadline = deadline;
            this.refused = refused;
        }

        @Override
        public Optional<String> natsSubject() {
            return natsSubject;
        }

        @Override
        public String host() {
            return slot.endpoint.ip();
        }

        @Override
        public int port() {
            return slot.endpoint.port();
        }

        @Override
        public void release() {
            if (released.compareAndSet(false, true)) {
                slot.inFlight.decrementAndGet();
            }
        }

        @Override
        public CompletableFuture<Upstream> refused() {
            release();
            Set<Endpoint> tried = new HashSet<>(refused);
            tried.add(slot.endpoint);
            if (tried.size() >= MAX_REFUSED) {
                return Upstream.super.refused();
            }
            LOG.fine("endpoint " + slot.endpoint + " of " + ref + " refused a connection: trying another");
            return resolve(ref, deadline, Set.copyOf(tried));
        }
    }

    @Override
    public CompletableFuture<Void> close() {
        feed.close();
        http.close();
        return CompletableFuture.completedFuture(null);
    }

    /** One request; completes with the body of a 2xx answer, or fails with the status code's kind. */
    /** The provider's 404 as an empty answer; any other failure as it is. */
    private static <T> CompletableFuture<Optional<T>> orEmptyWhenNotFound(CompletableFuture<Optional<T>> answer) {
        return answer.exceptionallyCompose(failure -> unwrap(failure) instanceof ProviderException e
                && e.kind() == ProviderException.Kind.NOT_FOUND
                ? CompletableFuture.completedFuture(Optional.empty())
                : CompletableFuture.failedFuture(unwrap(failure)));
    }

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
