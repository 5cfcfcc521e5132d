package io.jfaas.gateway.async;

/**
 * Why a queue did not store a call although it works: it is full (503 with {@code Retry-After}), or the call id was
 * already used for another call of the function (409).
 */
final class QueueRefusal extends RuntimeException {

    /** The two reasons. */
    enum Kind { FULL, ID_CONFLICT }

    private final Kind kind;

    QueueRefusal(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }

    static QueueRefusal full(String what) {
        return new QueueRefusal(Kind.FULL, "the queue is full (" + what + "): try again later");
    }

    static QueueRefusal idConflict(QueuedCall call) {
        return idConflict(call.callId(), call.function());
    }

    static QueueRefusal idConflict(String callId, String function) {
        return new QueueRefusal(Kind.ID_CONFLICT, "call id " + callId + " was already used for another call"
                + " of " + function + " (a different method, path, query, callback or body): use a new"
                + " X-Call-Id");
    }
}
