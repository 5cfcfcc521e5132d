package io.jfaas.gateway.async;

import io.jfaas.contracts.CallHeaders;
import io.jfaas.gateway.invoke.DirectInvoker;
import io.jfaas.model.FunctionRef;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The queue worker: pulls calls from the {@link CallQueue} and makes each one as the gateway's own
 * {@code /function/NAME.NAMESPACE/path?query} route would, so an async call is resolved, proxied, timed out and counted
 * in the metrics exactly as a sync one: in the gateway's process directly ({@link DirectInvoker}, no HTTP hop to
 * itself), in a worker process of its own as an HTTP call to the gateway. At most {@code max_inflight} calls at once,
 * and at most {@code JFAAS_ASYNC_FUNCTION_MAX_INFLIGHT} of one function (a call over that limit goes back to the queue for a
 * moment). While a call runs its lease is extended, so a call longer than {@code ack_wait} is not delivered twice.
 * A failure with a retryable status is queued again as the next attempt, to run after the back-off; after the last
 * attempt the call is dead-lettered. Then the callback, if any, is POSTed, itself tried up to
 * {@code JFAAS_ASYNC_CALLBACK_ATTEMPTS} times. Delivery is at least once: a worker that stops between making a call
 * and acknowledging it makes the call again, with the same {@code X-Call-Id}.
 */
final class QueueWorker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(QueueWorker.class.getName());

    /** Headers the JDK's client sets itself, and hop-by-hop headers, which are not copied. */
    private static final Set<String> NOT_COPIED = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te", "trailer",
            "transfer-encoding", "http2-settings");
    /** How long a call over its function's limit waits before it is delivered again. */
    private static final long THROTTLE_MILLIS = 100;
    /** How many times a dead letter is offered to the queue, and the wait before the second offer (then doubled). */
    private static final int DEAD_LETTER_ATTEMPTS = 4;
    private static final Duration DEAD_LETTER_WAIT = Duration.ofMillis(500);
    /** The header that tells a callback its body is the start of the function's answer only. */
    static final String TRUNCATED = "X-Jfaas-Body-Truncated";
    /** The wait before the first repeat of a failed callback; doubled each time. */
    private static final Duration CALLBACK_WAIT = Duration.ofMillis(500);

    private final CallQueue queue;
    private final AsyncConfig config;
    private final URI gateway;
    private final Optional<DirectInvoker> direct;
    private final Function<FunctionRef, CompletableFuture<Map<String, String>>> annotations;
    private final String defaultNamespace;
    private final Duration callTimeout;
    private final Object httpLock = new Object();
    private HttpClient http;
    private final Semaphore slots;
    private final Map<FunctionRef, Semaphore> functionSlots = new ConcurrentHashMap<>();
    /** The calls running now, whose leases {@link #extendLeases} extends; at most max_inflight. */
    private final Set<Running> leased = ConcurrentHashMap.newKeySet();
    /** A virtual thread: extending the leases is a publish per call, a third of ack_wait apart. */
    private final ScheduledExecutorService leases = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("async-leases").factory());
    private volatile boolean running = true;
    private boolean closed;
    private Thread fetcher;

    /**
     * @param gateway the gateway's base URL, e.g. {@code http://127.0.0.1:8080}
     * @param annotations a function's annotations (empty when it has none or does not exist)
     * @param callTimeout the longest one call to the gateway may take (its upstream_timeout and a margin)
     */
    QueueWorker(CallQueue queue, AsyncConfig config, URI gateway,
                Function<FunctionRef, CompletableFuture<Map<String, String>>> annotations, String defaultNamespace,
                Duration callTimeout) {
        this(queue, config, gateway, Optional.empty(), annotations, defaultNamespace, callTimeout);
    }

    /**
     * @param direct in the gateway's own process: how to call a function without an HTTP request to {@code gateway}
     *               (which then serves only the calls {@code direct} hands back: those over NATS)
     */
    QueueWorker(CallQueue queue, AsyncConfig config, URI gateway, Optional<DirectInvoker> direct,
                Function<FunctionRef, CompletableFuture<Map<String, String>>> annotations, String defaultNamespace,
                Duration callTimeout) {
        this.queue = queue;
        this.config = config;
        this.gateway = gateway;
        this.direct = direct;
        this.annotations = annotations;
        this.defaultNamespace = defaultNamespace;
        this.callTimeout = callTimeout;
        this.slots = new Semaphore(config.maxInflight());
    }

    /**
     * The HTTP client for callbacks (and for calls the worker sends to the gateway), made on first use: a JDK client
     * loads the TLS stack and the trust store when it is made (~10 MiB of a gateway at rest), and a worker whose calls
     * have no {@code X-Callback-Url} and go in-process never needs it.
     */
    private HttpClient http() {
        synchronized (httpLock) {
            if (http == null) {
                http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .executor(Executors.newVirtualThreadPerTaskExecutor())
                        .build();
            }
            return http;
        }
    }

    void start() {
        long period = leasePeriodMillis();
        leases.scheduleAtFixedRate(this::extendLeases, period, period, TimeUnit.MILLISECONDS);
        fetcher = Thread.ofPlatform().name("async-worker-fetch").daemon().start(this::fetchLoop);
    }

    /** A call running, since when (nanoTime). Compared by identity: each is one run of one delivery. */
    private static final class Running {
        final CallQueue.Delivery delivery;
        final long since;

        Running(CallQueue.Delivery delivery, long since) {
            this.delivery = delivery;
            this.since = since;
        }
    }

    /** How often the leases of running calls are extended: a third of ack_wait (at least 0.1 s). */
    private long leasePeriodMillis() {
        return Math.max(100, config.ackWait().toMillis() / 3);
    }

    /**
     * Extends the lease of every call running for at least half a period, so that none goes longer than one and a half
     * periods (half of ack_wait) without one; one task for all calls instead of a timer per call.
     */
    private void extendLeases() {
        long now = System.nanoTime();
        long half = TimeUnit.MILLISECONDS.toNanos(leasePeriodMillis()) / 2;
        for (Running call : leased) {
            if (now - call.since >= half) {
                try {
                    call.delivery.inProgress();
                } catch (RuntimeException e) {
                    LOG.fine("cannot extend the lease of " + call.delivery.call().callId() + ": " + e);
                }
            }
        }
    }

    private void fetchLoop() {
        boolean failing = false;
        while (running) {
            int reserved = 0;
            try {
                slots.acquire();
                reserved = 1;
                while (reserved < 256 && slots.tryAcquire()) {
                    reserved++;
                }
                int got = queue.pull(reserved, Duration.ofSeconds(1),
                        delivery -> Thread.ofVirtual().name("async-call").start(() -> handle(delivery)));
                slots.release(reserved - got);
                reserved = 0;
                if (failing) {
                    LOG.info("queue worker: reading the queue again");
                    failing = false;
                }
            } catch (InterruptedException e) {
                slots.release(reserved);
                return;
            } catch (Exception e) {
                slots.release(reserved);
                if (!running) {
                    return;
                }
                if (!failing) {
                    LOG.warning("queue worker: cannot read the queue (retrying): " + e);
                    failing = true;
                }
                try {
                    Thread.sleep(500); // back-off while the queue is unreachable
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** One delivery, on its own virtual thread; gives its slot back at the end. */
    private void handle(CallQueue.Delivery delivery) {
        QueuedCall call = delivery.call();
        FunctionRef ref = FunctionRef.parse(call.function(), defaultNamespace);
        Semaphore perFunction = functionSlots.computeIfAbsent(ref, r -> new Semaphore(config.functionMaxInflight()));
        boolean holding = false;
        try {
            long wait = call.notBefore() - System.currentTimeMillis();
            if (wait > 0) {
                delivery.retryLater(Duration.ofMillis(wait));
                return;
            }
            if (!perFunction.tryAcquire()) {
                delivery.retryLater(Duration.ofMillis(THROTTLE_MILLIS
                        + ThreadLocalRandom.current().nextLong(THROTTLE_MILLIS)));
                return;
            }
            holding = true;
            run(delivery, call, ref);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "queue worker: call " + call.callId() + " to " + ref
                    + " will be delivered again: " + e, e instanceof IOException ? null : e);
            try {
                delivery.retryLater(Duration.ofSeconds(1));
            } catch (RuntimeException ignored) {
                // the queue is unreachable: the lease runs out and the call is delivered again
            }
        } finally {
            if (holding) {
                perFunction.release();
            }
            slots.release();
        }
    }

    private void run(CallQueue.Delivery delivery, QueuedCall call, FunctionRef ref) throws Exception {
        RetryPolicy policy = policyFor(ref);
        Running lease = new Running(delivery, System.nanoTime());
        leased.add(lease);
        Result result;
        try {
            result = invoke(call, ref);
        } finally {
            leased.remove(lease);
        }
        if (policy.retries(result.status, call.attempt())) {
            Duration backOff = policy.delayAfter(call.attempt(), ThreadLocalRandom.current());
            queue.publish(call.nextAttempt(System.currentTimeMillis() + backOff.toMillis())).get(10, TimeUnit.SECONDS);
            delivery.ack();
            return;
        }
        if (policy.codes().contains(result.status)) {
            deadLetter(new DeadLetter(call, result.status, result.headers, result.body, Instant.now(),
                    result.cut()), ref, policy);
        }
        if (call.callbackUrl() != null) {
            callback(call, ref, policy, result);
        }
        delivery.ack();
    }

    /**
     * Stores the dead letter of a call whose attempts are spent. Only the storing is tried again (a few times, with
     * back-off), never the call: if the queue cannot take the letter, the loss is logged and the call is done with.
     */
    private void deadLetter(DeadLetter letter, FunctionRef ref, RetryPolicy policy) throws InterruptedException {
        String callId = letter.call().callId();
        long wait = DEAD_LETTER_WAIT.toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                queue.deadLetter(letter).get(10, TimeUnit.SECONDS);
                LOG.info("queue worker: call " + callId + " to " + ref + " failed with " + letter.status()
                        + " on attempt " + letter.call().attempt() + " of " + policy.attempts() + ": dead-lettered");
                return;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                if (attempt >= DEAD_LETTER_ATTEMPTS) {
                    LOG.severe("queue worker: call " + callId + " to " + ref + " failed with " + letter.status()
                            + " on its last attempt and its dead letter could not be stored (" + e.getCause()
                            + "): it is not run again and is lost");
                    return;
                }
                Thread.sleep(wait); // back-off before storing the letter again
                wait *= 2;
            }
        }
    }

    private RetryPolicy policyFor(FunctionRef ref) {
        try {
            return config.retry().with(annotations.apply(ref).get(10, TimeUnit.SECONDS));
        } catch (IllegalArgumentException e) {
            LOG.warning("function " + ref + ": " + e.getMessage() + "; using the gateway's retry policy");
        } catch (Exception e) {
            LOG.warning("cannot read the annotations of " + ref + " (" + e + "); using the gateway's retry policy");
        }
        return config.retry();
    }

    /**
     * What one attempt got back; 503 with an empty body when the gateway could not be called. {@code body} is at most
     * {@code JFAAS_ASYNC_MAX_ANSWER} bytes, the start of an answer of {@code length} bytes.
     */
    private record Result(int status, Map<String, List<String>> headers, byte[] body, long length, long nanos) {

        Result(int status, Map<String, List<String>> headers, byte[] body, long nanos) {
            this(status, headers, body, body.length, nanos);
        }

        /** What was dropped of the answer, or null when it is whole. */
        String cut() {
            return length > body.length ? "response body kept " + body.length + " of " + length + " bytes ("
                    + AsyncConfig.MAX_ANSWER + ")" : null;
        }
    }

    private Result invoke(QueuedCall call, FunctionRef ref) {
        String path = call.path() == null || call.path().isEmpty() ? "" : call.path();
        String query = call.queryString() == null || call.queryString().isEmpty() ? "" : "?" + call.queryString();
        if (direct.isPresent()) {
            Optional<Result> made = invokeDirectly(call, ref, (path.isEmpty() ? "/" : path) + query);
            if (made.isPresent()) {
                return made.get();
            }
        }
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(gateway.resolve("/function/" + ref.qualified() + path + query))
                    .timeout(callTimeout)
                    .method(call.method(), call.body() == null || call.body().length == 0
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(call.body()));
        } catch (IllegalArgumentException e) {
            // cannot happen for a call the gateway accepted; answered as the gateway would, never retried
            return new Result(400, Map.of(), ("cannot make the call: " + e.getMessage()).getBytes(), 0);
        }
        copyHeaders(call.header(), request);
        long start = System.nanoTime();
        try {
            HttpResponse<AnswerPrefix.Prefix> response = http().send(request.build(),
                    info -> new AnswerPrefix(config.maxAnswer()));
            return new Result(response.statusCode(), response.headers().map(), response.body().bytes(),
                    response.body().length(), System.nanoTime() - start);
        } catch (IOException e) {
            LOG.info("queue worker: call " + call.callId() + " to " + ref + " failed: " + e);
            return new Result(503, Map.of(), new byte[0], System.nanoTime() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(503, Map.of(), new byte[0], System.nanoTime() - start);
        }
    }

    /** The call made in this process; empty when it must go through the gateway's route (a function on NATS). */
    private Optional<Result> invokeDirectly(QueuedCall call, FunctionRef ref, String pathAndQuery) {
        Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
        if (call.header() != null) {
            call.header().forEach((name, values) -> {
                if (!name.startsWith(":") && !NOT_COPIED.contains(name.toLowerCase(Locale.ROOT))) {
                    headers.put(name, values);
                }
            });
        }
        long start = System.nanoTime();
        try {
            Optional<DirectInvoker.Answer> answer = direct.get().call(ref, call.method(), pathAndQuery, headers,
                    call.body() == null ? new byte[0] : call.body(),
                    (int) Math.min(Integer.MAX_VALUE, config.maxAnswer()))
                    .get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return answer.map(a -> new Result(a.status(), a.headers(), a.body(), a.length(),
                    System.nanoTime() - start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(new Result(503, Map.of(), new byte[0], System.nanoTime() - start));
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.info("queue worker: call " + call.callId() + " to " + ref + " failed: " + e);
            return Optional.of(new Result(503, Map.of(), new byte[0], System.nanoTime() - start));
        }
    }

    /** POSTs the result to the call's callback URL with OpenFaaS's headers; tried a bounded number of times. */
    private void callback(QueuedCall call, FunctionRef ref, RetryPolicy policy, Result result) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(call.callbackUrl()))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(result.body));
        copyHeaders(result.headers, request);
        if (result.length > result.body.length) {
            request.setHeader(TRUNCATED, "kept " + result.body.length + " of " + result.length + " bytes");
        }
        request.setHeader(CallHeaders.CALL_ID, call.callId())
                .setHeader("X-Function-Status", Integer.toString(result.status))
                .setHeader("X-Function-Name", ref.qualified())
                .setHeader(CallHeaders.DURATION_SECONDS, String.format(Locale.ROOT, "%f", result.nanos / 1e9))
                .setHeader("X-Retry", Integer.toString(call.attempt() - 1))
                .setHeader("X-Retry-Max", Integer.toString(policy.attempts() - 1))
                .setHeader("User-Agent", "jfaas-queue-worker");
        HttpRequest built = request.build();
        long wait = CALLBACK_WAIT.toMillis();
        for (int attempt = 1; attempt <= config.callbackAttempts(); attempt++) {
            String problem;
            try {
                int status = http().send(built, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status < 500 && status != 429) {
                    return;
                }
                problem = "answered " + status;
            } catch (IOException e) {
                problem = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            LOG.info("queue worker: callback of " + call.callId() + " to " + call.callbackUrl() + " " + problem
                    + " (attempt " + attempt + " of " + config.callbackAttempts() + ")");
            if (attempt < config.callbackAttempts()) {
                try {
                    Thread.sleep(wait / 2 + ThreadLocalRandom.current().nextLong(wait / 2 + 1)); // back-off
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                wait *= 2;
            }
        }
    }

    private static void copyHeaders(Map<String, List<String>> headers, HttpRequest.Builder request) {
        if (headers == null) {
            return;
        }
        headers.forEach((name, values) -> {
            if (name.startsWith(":") || NOT_COPIED.contains(name.toLowerCase(Locale.ROOT))) {
                return;
            }
            for (String value : values) {
                try {
                    request.header(name, value);
                } catch (IllegalArgumentException e) {
                    // a name or value the JDK client refuses; the function does without it
                }
            }
        });
    }

    /**
     * Stops gracefully: takes no more calls, lets the calls in flight finish and be acknowledged (or queued for their
     * next attempt, or dead-lettered) within {@code JFAAS_ASYNC_DRAIN_TIMEOUT}, then stops. A call still running then
     * is delivered again after its lease runs out. Calls fetched but not started are simply delivered again.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        if (fetcher != null) {
            fetcher.interrupt();
            try {
                fetcher.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (!slots.tryAcquire(config.maxInflight(), config.drainTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warning("queue worker: calls still running after " + AsyncConfig.DRAIN_TIMEOUT + " ("
                        + config.drainTimeout().toSeconds() + "s) are delivered again later");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        leases.shutdownNow();
        synchronized (httpLock) {
            if (http != null) {
                http.shutdownNow();
            }
        }
        LOG.info("queue worker: stopped");
    }
}
