package io.jfaas.gateway.connector;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.gateway.auth.Credentials;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.FunctionStatus;
import io.jfaas.triggers.Triggers;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The connector's only way into the platform: the gateway's API over HTTP, with basic auth. Lists every namespace's
 * functions with their annotations and invokes them.
 */
final class GatewayClient {

    /** Headers a message may not set on an invocation: they describe the connection or the gateway's own. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "keep-alive",
            "transfer-encoding", "upgrade", "te", "trailer", "authorization", "expect");

    private static final Duration LIST_TIMEOUT = Duration.ofSeconds(20);

    private final URI gateway;
    private final Optional<String> authorization;
    private final ObjectMapper json;
    private final Duration upstreamTimeout;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    GatewayClient(URI gateway, Optional<Credentials> credentials, ObjectMapper json, Duration upstreamTimeout) {
        this.gateway = gateway;
        this.authorization = credentials.map(c -> "Basic " + Base64.getEncoder().encodeToString(
                (c.user() + ":" + c.password()).getBytes(StandardCharsets.UTF_8)));
        this.json = json;
        this.upstreamTimeout = upstreamTimeout;
    }

    URI gateway() {
        return gateway;
    }

    /** A function and what triggers it. */
    record Listed(FunctionRef ref, Triggers triggers) {
    }

    /** Every function of every namespace that has a trigger (or a problem with one). */
    List<Listed> functions() throws IOException, InterruptedException {
        List<String> namespaces = json.readValue(get("/system/namespaces"), new TypeReference<List<String>>() { });
        List<Listed> listed = new ArrayList<>();
        for (String namespace : namespaces) {
            List<FunctionStatus> functions = json.readValue(get("/system/functions?namespace="
                    + URLEncoder.encode(namespace, StandardCharsets.UTF_8)), new TypeReference<List<FunctionStatus>>() { });
            for (FunctionStatus function : functions) {
                Triggers triggers = Triggers.of(function.annotations());
                if (triggers.any() || triggers.problem().isPresent()) {
                    String ns = function.namespace() == null || function.namespace().isBlank()
                            ? namespace : function.namespace();
                    listed.add(new Listed(new FunctionRef(function.name(), ns), triggers));
                }
            }
        }
        return listed;
    }

    private byte[] get(String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path)).timeout(LIST_TIMEOUT).GET();
        authorization.ifPresent(value -> request.header("Authorization", value));
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8).trim());
        }
        return response.body();
    }

    /** A function's answer: status, headers (first value each) and body. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
    }

    /**
     * Invokes a function by POST with the body and headers given (those describing the connection are left out),
     * through {@code /function/NAME.NAMESPACE} or {@code /async-function/NAME.NAMESPACE}. Of the answer's body at most
     * {@code maxAnswer} bytes are kept (the rest is not read): whoever needs more cannot send it on anyway.
     */
    Answer invoke(FunctionRef ref, Triggers.Invocation mode, Map<String, String> headers, byte[] body, long maxAnswer)
            throws IOException, InterruptedException {
        String route = mode == Triggers.Invocation.ASYNC ? "/async-function/" : "/function/";
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(route + ref.name() + "."
                + ref.namespace())).timeout(upstreamTimeout.plusSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, value) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT)) && isHeaderName(name)) {
                try {
                    request.setHeader(name, value);
                } catch (IllegalArgumentException restricted) {
                    // a header the JDK's client sets itself (Date, Via, ...): the function does without it
                }
            }
        });
        authorization.ifPresent(value -> request.setHeader("Authorization", value));
        HttpResponse<java.io.InputStream> response = http.send(request.build(),
                HttpResponse.BodyHandlers.ofInputStream());
        byte[] kept;
        try (java.io.InputStream in = response.body()) {
            kept = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, Math.max(0, maxAnswer)));
        }
        Map<String, String> answerHeaders = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> {
            if (!values.isEmpty() && !name.startsWith(":") && !HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                answerHeaders.put(canonical(name), values.get(0));
            }
        });
        return new Answer(response.statusCode(), answerHeaders, kept);
    }

    /** HTTP/1.1 names as the JDK's client gives them (lower case) written the usual way: x-call-id to X-Call-Id. */
    static String canonical(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            out.append(upper ? Character.toUpperCase(c) : c);
            upper = c == '-';
        }
        return out.toString();
    }

    private static boolean isHeaderName(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> c > 32 && c < 127 && c != ':');
    }
}
