package io.jfaas.gateway.async;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A call that failed on its last attempt, with what the function answered that time.
 *
 * @param call the call, as it was queued (its {@code attempt} is the last one made)
 * @param status the last HTTP status (503 when the function could not be called)
 * @param responseHeader the last response's headers
 * @param responseBody the last response's body (at most {@code JFAAS_ASYNC_MAX_ANSWER} bytes of it)
 * @param time when the call was given up
 * @param truncated what was cut to store the letter, or null when it is whole
 * @param callCut whether the call's own body was cut (such a letter cannot be redriven)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DeadLetter(QueuedCall call, int status, Map<String, List<String>> responseHeader, byte[] responseBody,
                  Instant time, String truncated, boolean callCut) {

    DeadLetter(QueuedCall call, int status, Map<String, List<String>> responseHeader, byte[] responseBody,
               Instant time, String truncated) {
        this(call, status, responseHeader, responseBody, time, truncated, false);
    }

    /**
     * This letter, or, when its JSON is larger than {@code maxBytes}, a copy cut to fit that says so in
     * {@link #truncated}: the answer's body is cut first, then the call's (and then {@link #callCut} is set).
     */
    DeadLetter fitting(long maxBytes, ObjectMapper json) throws IOException {
        DeadLetter letter = this;
        for (int round = 0; round < 8; round++) {
            long size = json.writeValueAsBytes(letter).length;
            if (size <= maxBytes) {
                return letter;
            }
            // base64 turns 3 bytes into 4; a margin for the note that says what was cut
            long cut = (size - maxBytes) * 3 / 4 + 256;
            byte[] answer = letter.responseBody == null ? new byte[0] : letter.responseBody;
            byte[] body = letter.call.body() == null ? new byte[0] : letter.call.body();
            if (answer.length > 0) {
                byte[] kept = Arrays.copyOf(answer, (int) Math.max(0, answer.length - cut));
                letter = new DeadLetter(letter.call, status, responseHeader, kept, time, note(kept.length,
                        body.length, false), letter.callCut);
            } else if (body.length > 0) {
                byte[] kept = Arrays.copyOf(body, (int) Math.max(0, body.length - cut));
                letter = new DeadLetter(letter.call.withBody(kept), status, responseHeader, answer, time,
                        note(0, kept.length, true), true);
            } else {
                break;
            }
        }
        throw new IOException("the dead letter of call " + call.callId() + " does not fit in " + maxBytes
                + " bytes even without bodies");
    }

    private String note(int answerKept, int bodyKept, boolean bodyCut) {
        int answer = responseBody == null ? 0 : responseBody.length;
        int body = call.body() == null ? 0 : call.body().length;
        return "cut to fit a queue message: response body kept " + answerKept + " of " + answer + " bytes"
                + (bodyCut ? "; request body kept " + bodyKept + " of " + body + " bytes, so it cannot be redriven"
                : "");
    }

    /** What {@code GET /system/async/dead-letters} shows of it. */
    Summary summary() {
        return new Summary(call.function(), call.callId(), status, call.attempt(), time, truncated);
    }

    /** One line of the dead-letter list; {@code truncated} only when something was cut. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Summary(String function, String callId, int status, int attempts, Instant time, String truncated) {
    }
}
