package io.jfaas.gateway.invoke;

import io.jfaas.contracts.CallHeaders;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Gives each invocation an {@code X-Call-Id} (kept when the client sent one, else a new UUID, which the response
 * carries too) and an {@code X-Start-Time} (Unix nanoseconds) on the request and the response, plus
 * {@code X-Served-By}.
 */
public final class CallIdHandler implements Handler<RoutingContext> {

    static final String SERVED_BY = "X-Served-By";
    private static final String MADE_HERE = "jfaas.callIdMadeHere";

    private final String servedBy;

    public CallIdHandler(String gatewayVersion) {
        this.servedBy = servedBy(gatewayVersion);
    }

    /** The {@code X-Served-By} value of a gateway of {@code gatewayVersion}. */
    public static String servedBy(String gatewayVersion) {
        return "jfaas/" + gatewayVersion;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (stamp(ctx.request())) {
            ctx.put(MADE_HERE, Boolean.TRUE);
        }
        ctx.next();
    }

    /** Gives {@code request} and its response the headers above; true when it made the call id (none was sent). */
    boolean stamp(HttpServerRequest request) {
        boolean made = false;
        HttpServerResponse response = request.response();
        String callId = kept(request.getHeader(CallHeaders.CALL_ID));
        if (callId == null) {
            callId = randomUuid();
            request.headers().set(CallHeaders.CALL_ID, callId);
            response.putHeader(CallHeaders.CALL_ID, callId);
            made = true;
        }
        String startTime = startTime();
        request.headers().set(CallHeaders.START_TIME, startTime);
        response.putHeader(CallHeaders.START_TIME, startTime).putHeader(SERVED_BY, servedBy);
        return made;
    }

    /** The call id a client sent, kept as it is; null when it sent none or a blank one (a new one is made). */
    static String kept(String sent) {
        return sent == null || sent.isBlank() ? null : sent;
    }

    /** {@code X-Start-Time}'s value for a call starting now: Unix nanoseconds. */
    static String startTime() {
        Instant now = Instant.now();
        return Long.toString(now.getEpochSecond() * 1_000_000_000L + now.getNano());
    }

    /** Whether this handler made the call's id (the client sent none): no other call can hold it yet. */
    public static boolean madeHere(RoutingContext ctx) {
        return Boolean.TRUE.equals(ctx.get(MADE_HERE));
    }

    /**
     * A version-4 UUID from the thread's own generator: a call id identifies a call, it guards nothing, and
     * {@code UUID.randomUUID()} draws from one shared SecureRandom.
     */
    static String randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
