package io.jfaas.operator.scaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Prometheus's HTTP query API ({@code GET /api/v1/query?query=...}), for instant queries that answer a vector by
 * {@code function_name}. Every failure (unreachable, an error status, an answer that is not such a vector) is a
 * {@link PrometheusException} whose message says what was wrong; nothing is guessed.
 */
public final class PrometheusClient {

    /** The label that names a function, {@code NAME.NAMESPACE}, as the gateway's metrics carry it. */
    public static final String FUNCTION_NAME = "function_name";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param base    the server, e.g. {@code http://prometheus.openfaas:9090}
     * @param timeout the longest one query may take
     */
    public PrometheusClient(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The value of each {@code function_name} in the vector {@code promql} answers at this moment. */
    public Map<String, Double> query(String promql) throws PrometheusException, InterruptedException {
        URI uri = URI.create(base + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PrometheusException("Prometheus at " + base + " is unreachable: " + why(e), e);
        }
        return parse(response.statusCode(), response.body());
    }

    /**
     * Reads an answer of the query API: status 200, {@code "status":"success"}, {@code resultType} {@code vector};
     * each sample's {@code function_name} and value. Samples without that label are refused (the query must sum by
     * it); {@code NaN} counts as no load, as Prometheus writes {@code 0/0}.
     */
    static Map<String, Double> parse(int status, String body) throws PrometheusException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new PrometheusException("Prometheus answered " + status + " with a body that is not JSON: "
                    + excerpt(body), e);
        }
        if (root == null || !root.isObject()) {
            throw new PrometheusException("Prometheus answered " + status + " with a body that is not a JSON object: "
                    + excerpt(body));
        }
        if (status != 200 || !"success".equals(root.path("status").asText())) {
            throw new PrometheusException("Prometheus answered " + status + ": "
                    + root.path("errorType").asText("no errorType") + ": " + root.path("error").asText("no error"));
        }
        JsonNode data = root.path("data");
        String type = data.path("resultType").asText("");
        if (!"vector".equals(type)) {
            throw new PrometheusException("the query must answer an instant vector, not \""
                    + (type.isEmpty() ? "nothing" : type) + "\"");
        }
        Map<String, Double> values = new HashMap<>();
        for (JsonNode sample : data.path("result")) {
            JsonNode name = sample.path("metric").path(FUNCTION_NAME);
            if (!name.isTextual()) {
                throw new PrometheusException("a sample has no " + FUNCTION_NAME + " label (sum the query by it): "
                        + sample.path("metric"));
            }
            JsonNode value = sample.path("value");
            double number;
            try {
                number = Double.parseDouble(value.path(1).asText(""));
            } catch (NumberFormatException e) {
                throw new PrometheusException("the sample of " + name.asText() + " has no number: " + value, e);
            }
            values.put(name.asText(), Double.isNaN(number) ? 0 : number);
        }
        return values;
    }

    /** The first message along the causes (the JDK's ConnectException has none; its cause says "refused"). */
    private static String why(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return failure.getClass().getSimpleName();
    }

    private static String excerpt(String body) {
        String line = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /** Prometheus could not answer, or answered something that is not a vector by {@code function_name}. */
    public static final class PrometheusException extends Exception {

        PrometheusException(String message) {
            super(message);
        }

        PrometheusException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
