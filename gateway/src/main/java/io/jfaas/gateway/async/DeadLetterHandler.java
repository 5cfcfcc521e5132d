package io.jfaas.gateway.async;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.gateway.http.HttpErrors;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The dead-letter routes under {@code /system/async/} (behind basic auth, as all of {@code /system}):
 * {@code GET dead-letters} lists them (function, call id, last status, attempts, time), oldest first;
 * {@code POST dead-letters/redrive} queues all of them again and {@code POST dead-letters/CALL_ID/redrive} one, from
 * their first attempt, with their call id; both answer the call ids redriven. A call is queued again before its dead
 * letter is removed, so a failure in between leaves it in both places, never in neither.
 */
final class DeadLetterHandler {

    private static final Logger LOG = Logger.getLogger(DeadLetterHandler.class.getName());

    private final CallQueue queue;
    private final ObjectMapper json;

    DeadLetterHandler(CallQueue queue, ObjectMapper json) {
        this.queue = queue;
        this.json = json;
    }

    Handler<RoutingContext> list() {
        return ctx -> blocking(ctx, () -> queue.deadLetters().stream().map(DeadLetter::summary).toList());
    }

    Handler<RoutingContext> redriveAll() {
        return ctx -> blocking(ctx, () -> {
            List<String> redriven = new ArrayList<>();
            for (DeadLetter letter : queue.deadLetters()) {
                if (letter.callCut()) {
                    continue; // its body was cut to store it: running it would be another call
                }
                redrive(letter);
                redriven.add(letter.call().callId());
            }
            return Map.of("redriven", redriven);
        });
    }

    Handler<RoutingContext> redriveOne() {
        return ctx -> {
            String callId = ctx.pathParam("callId");
            blocking(ctx, () -> {
                DeadLetter letter = queue.deadLetters().stream().filter(l -> l.call().callId().equals(callId))
                        .findFirst().orElse(null);
                if (letter == null) {
                    return null;
                }
                if (letter.callCut()) {
                    throw new QueueRefusal(QueueRefusal.Kind.ID_CONFLICT, "the dead letter of call " + callId
                            + " was stored with its request body cut (" + letter.truncated() + "): it cannot be"
                            + " redriven");
                }
                redrive(letter);
                return Map.of("redriven", List.of(callId));
            }, "no dead letter for call id " + callId);
        };
    }

    private void redrive(DeadLetter letter) throws Exception {
        QueuedCall call = letter.call();
        queue.publish(call.redriven()).get(10, TimeUnit.SECONDS);
        queue.removeDeadLetter(call.callId());
        LOG.info("redriven call " + call.callId() + " to " + call.function());
    }

    private interface Work {
        Object run() throws Exception;
    }

    private void blocking(RoutingContext ctx, Work work) {
        blocking(ctx, work, "not found");
    }

    /** Runs queue requests (which block) off the event loop; a null result is a 404 with {@code notFound}. */
    private void blocking(RoutingContext ctx, Work work, String notFound) {
        ctx.vertx().executeBlocking(() -> json.writeValueAsString(work.run()), false).onComplete(done -> {
            if (done.failed() && HttpErrors.unwrap(done.cause()) instanceof QueueRefusal refusal) {
                HttpErrors.send(ctx, refusal.kind() == QueueRefusal.Kind.FULL ? 503 : 409, refusal.getMessage());
            } else if (done.failed()) {
                LOG.log(Level.WARNING, "dead-letter request " + ctx.request().path() + " failed", done.cause());
                HttpErrors.send(ctx, 503, "the queue did not answer: " + HttpErrors.unwrap(done.cause()));
            } else if ("null".equals(done.result())) {
                HttpErrors.send(ctx, 404, notFound);
            } else {
                ctx.response().putHeader("Content-Type", "application/json").end(done.result());
            }
        });
    }
}
