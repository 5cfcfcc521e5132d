package io.jfaas.gateway.async;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A call that failed on its last attempt, with what the function answered that time.
 *
 * @param call the call, as it was queued (its {@code attempt} is the last one made)
 * @param status the last HTTP status (503 when the function could not be called)
 * @param responseHeader the last response's headers
 * @param responseBody the last response's body
 * @param time when the call was given up
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DeadLetter(QueuedCall call, int status, Map<String, List<String>> responseHeader, byte[] responseBody,
                  Instant time) {

    /** What {@code GET /system/async/dead-letters} shows of it. */
    Summary summary() {
        return new Summary(call.function(), call.callId(), status, call.attempt(), time);
    }

    /** One line of the dead-letter list. */
    record Summary(String function, String callId, int status, int attempts, Instant time) {
    }
}
