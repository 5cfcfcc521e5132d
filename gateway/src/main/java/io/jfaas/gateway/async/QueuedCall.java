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

    /** The same call with another body (a dead letter cut to fit). */
    QueuedCall withBody(byte[] newBody) {
        return new QueuedCall(function, method, path, queryString, header, newBody, callbackUrl, callId, attempt,
                notBefore, redrives);
    }

    /** The same call from its first attempt again, taken from the dead letters. */
    QueuedCall redriven() {
        return new QueuedCall(function, method, path, queryString, header, body, callbackUrl, callId, 1, 0,
                redrives + 1);
    }

    /**
     * The id the queue de-duplicates this attempt by: the function, the call id, what the call is (its
     * {@link #digest()}), the redrive and the attempt after the first. The same call sent twice is stored once; a
     * call id reused for another call is told apart (and refused: {@link #idKey()}).
     */
    String messageId() {
        return messageId(digest());
    }

    /** {@link #messageId()} from a {@link #digest()} already made (it hashes the whole body). */
    String messageId(String digest) {
        return idKey() + "." + digest.substring(0, 16) + (redrives == 0 ? "" : "#r" + redrives)
                + (attempt == 1 ? "" : "#" + attempt);
    }

    /** The key a call id is held under while it is de-duplicated: the function and the call id. */
    String idKey() {
        return function + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(callId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * What the call is, as hex SHA-256 of its method, path, query, callback URL and body: equal for the same call sent
     * again (headers such as {@code X-Start-Time} differ between sends and are left out).
     */
    String digest() {
        return digest(function, method, path, queryString, callbackUrl, body);
    }

    /** {@link #digest()} of a call not yet made into a {@code QueuedCall}. */
    static String digest(String function, String method, String path, String queryString, String callbackUrl,
                         byte[] body) {
        java.security.MessageDigest sha = sha256();
        for (String part : new String[] {function, method, path, queryString, callbackUrl}) {
            byte[] bytes = String.valueOf(part).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int length = bytes.length;
            sha.update((byte) (length >>> 24));
            sha.update((byte) (length >>> 16));
            sha.update((byte) (length >>> 8));
            sha.update((byte) length);
            sha.update(bytes);
        }
        if (body != null) {
            sha.update(body);
        }
        return java.util.HexFormat.of().formatHex(sha.digest());
    }

    /** This thread's SHA-256, reset. */
    static java.security.MessageDigest sha256() {
        java.security.MessageDigest sha = SHA_256.get();
        sha.reset();
        return sha;
    }

    /** One SHA-256 per thread (the accepting event loops hash every call), instead of a provider look-up per call. */
    private static final ThreadLocal<java.security.MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    /** About how many bytes the call holds in memory: body and headers. */
    long size() {
        long size = 256 + (body == null ? 0 : body.length);
        if (header != null) {
            for (Map.Entry<String, List<String>> entry : header.entrySet()) {
                size += entry.getKey().length();
                for (String value : entry.getValue()) {
                    size += value.length() + 16;
                }
            }
        }
        return size;
    }
}
