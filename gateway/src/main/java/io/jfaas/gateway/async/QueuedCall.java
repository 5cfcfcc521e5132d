package io.jfaas.gateway.async;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One accepted asynchronous call, as stored in the queue. The names of OpenFaaS's {@code QueueRequest} where it has
 * them ({@code Header}, {@code Body} in base64, {@code Method}, {@code Path}, {@code QueryString}, {@code Function});
 * {@code CallbackUrl} is a plain string here, not Go's URL object.
 *
 * @param function the function, {@code NAME.NAMESPACE}
 * @param method the HTTP method of the call
 * @param path the path below the function's name ({@code ""} for none)
 * @param queryString the raw query, without {@code ?} ({@code ""} for none)
 * @param header the request's headers, {@code X-Call-Id} and {@code X-Start-Time} included
 * @param body the request body
 * @param callbackUrl where the result is POSTed, or null
 * @param callId the call id, the same on every attempt
 * @param attempt which attempt this is, from 1
 * @param notBefore the earliest time, in Unix milliseconds, this attempt may run (0: at once)
 * @param redrives how many times the call was taken from the dead letters and queued again
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueuedCall(
        @JsonProperty("Function") String function,
        @JsonProperty("Method") String method,
        @JsonProperty("Path") String path,
        @JsonProperty("QueryString") String queryString,
        @JsonProperty("Header") Map<String, List<String>> header,
        @JsonProperty("Body") byte[] body,
        @JsonProperty("CallbackUrl") String callbackUrl,
        @JsonProperty("CallId") String callId,
        @JsonProperty("Attempt") int attempt,
        @JsonProperty("NotBefore") long notBefore,
        @JsonProperty("Redrives") int redrives) {

    /** The same call as attempt {@code attempt + 1}, not to run before {@code notBefore}. */
    QueuedCall nextAttempt(long notBeforeMillis) {
        return new QueuedCall(function, method, path, queryString, header, body, callbackUrl, callId, attempt + 1,
                notBeforeMillis, redrives);
    }

    /** The same call from its first attempt again, taken from the dead letters. */
    QueuedCall redriven() {
        return new QueuedCall(function, method, path, queryString, header, body, callbackUrl, callId, 1, 0,
                redrives + 1);
    }

    /** The id the queue de-duplicates this attempt by: the call id, the redrive and the attempt after the first. */
    String messageId() {
        return callId + (redrives == 0 ? "" : "#r" + redrives) + (attempt == 1 ? "" : "#" + attempt);
    }
}
