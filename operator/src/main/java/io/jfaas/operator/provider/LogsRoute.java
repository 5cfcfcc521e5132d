package io.jfaas.operator.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.jfaas.model.Labels;
import io.jfaas.model.LogMessage;
import io.jfaas.model.Names;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * {@code GET /system/logs?name=&namespace=&instance=&tail=&follow=&since=}: the log lines of the function's pods (label
 * {@code faas_function}), of the function's container only and only from pods where it has started (the API server
 * refuses the logs of a container that is still being created), read with Kubernetes timestamps, written as NDJSON
 * {@code LogMessage}s and flushed per line.
 * With {@code follow} the stream stays open until the pods' logs end or the client goes away.
 */
final class LogsRoute extends Route {

    private final KubernetesClient client;
    private final Namespaces namespaces;
    private final ObjectMapper mapper;

    LogsRoute(KubernetesClient client, Namespaces namespaces, ObjectMapper mapper) {
        super("GET");
        this.client = client;
        this.namespaces = namespaces;
        this.mapper = mapper;
    }

    /** A parsed log request. */
    record Query(String name, String namespace, String instance, int tail, boolean follow, Instant since) {
    }

    @Override
    void serve(HttpExchange exchange) throws IOException {
        Query query = parse(Exchanges.query(exchange));
        List<Pod> pods = client.pods().inNamespace(query.namespace()).withLabel(Labels.FAAS_FUNCTION, query.name())
                .list().getItems().stream()
                .filter(p -> query.instance() == null || query.instance().equals(p.getMetadata().getName()))
                .filter(p -> started(p, query.name()))
                .toList();
        if (pods.isEmpty()) {
            throw new ApiError(500, "function log request failed: no started pods of " + query.name()
                    + " in namespace " + query.namespace());
        }
        exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        if (!query.follow()) {
            for (Pod pod : pods) {
                try (BufferedReader reader = new BufferedReader(
                        new InputStreamReader(log(query, pod), StandardCharsets.UTF_8))) {
                    copy(reader, query, pod, out);
                }
            }
            out.close();
            return;
        }
        List<Thread> readers = new ArrayList<>();
        List<InputStream> streams = new ArrayList<>();
        try {
            for (Pod pod : pods) {
                InputStream stream = log(query, pod);
                streams.add(stream);
                readers.add(Thread.ofVirtual().name("logs-" + pod.getMetadata().getName()).start(() -> {
                    try (BufferedReader reader = new BufferedReader(
                            new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                        copy(reader, query, pod, out);
                    } catch (IOException | UncheckedIOException e) {
                        // the client went away or the pod's stream ended: stop this reader
                    }
                }));
            }
            for (Thread reader : readers) {
                reader.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (InputStream stream : streams) {
                try {
                    stream.close();
                } catch (IOException e) {
                    // closing a stream whose connection is gone
                }
            }
            out.close();
        }
    }

    Query parse(Map<String, String> params) {
        String name = params.get("name");
        if (name == null || name.isBlank() || !Names.isDns1123Label(name.trim())) {
            throw new ApiError(422, "could not parse the log request: name: a function name is required");
        }
        String namespace = namespaces.resolve(params, null);
        int tail;
        try {
            tail = params.getOrDefault("tail", "").isBlank() ? -1 : Integer.parseInt(params.get("tail").trim());
        } catch (NumberFormatException e) {
            throw new ApiError(422, "could not parse the log request: tail: \"" + params.get("tail")
                    + "\" is not a number");
        }
        Instant since = null;
        if (!params.getOrDefault("since", "").isBlank()) {
            try {
                since = Instant.parse(params.get("since").trim());
            } catch (DateTimeParseException e) {
                throw new ApiError(422, "could not parse the log request: since: \"" + params.get("since")
                        + "\" is not an RFC3339 time");
            }
        }
        String instance = params.getOrDefault("instance", "").isBlank() ? null : params.get("instance").trim();
        return new Query(name.trim(), namespace, instance, tail, "true".equalsIgnoreCase(params.get("follow"))
                || "1".equals(params.get("follow")), since);
    }

    /** Whether the pod's container named after the function has started (it is running or has run). */
    static boolean started(Pod pod, String container) {
        return pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null
                && pod.getStatus().getContainerStatuses().stream()
                        .filter(s -> container.equals(s.getName()))
                        .anyMatch(s -> Boolean.TRUE.equals(s.getStarted()) || s.getState() != null
                                && (s.getState().getRunning() != null || s.getState().getTerminated() != null));
    }

    /**
     * One {@code GET .../pods/NAME/log} of the function's container (named after it, see DesiredDeployment): only
     * {@code pods/log}. fabric8's own log calls first wait for the pod to be ready, with a list and a watch of the
     * pod; a started pod has logs to read whether or not it is ready (one failing its readiness probe says why).
     */
    private InputStream log(Query query, Pod pod) throws IOException {
        StringBuilder url = new StringBuilder(client.getMasterUrl().toString().replaceAll("/+$", ""))
                .append("/api/v1/namespaces/").append(encode(query.namespace())).append("/pods/")
                .append(encode(pod.getMetadata().getName())).append("/log?container=").append(encode(query.name()))
                .append("&timestamps=true");
        if (query.tail() > 0) {
            url.append("&tailLines=").append(query.tail());
        }
        if (query.since() != null) {
            url.append("&sinceTime=").append(encode(query.since().toString()));
        }
        if (query.follow()) {
            url.append("&follow=true");
        }
        HttpClient http = client.getHttpClient();
        HttpResponse<InputStream> response;
        try {
            response = http.sendAsync(http.newHttpRequestBuilder().uri(url.toString()).build(), InputStream.class)
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted reading the log of " + pod.getMetadata().getName(), e);
        } catch (ExecutionException e) {
            throw new IOException("cannot read the log of " + pod.getMetadata().getName() + ": " + e.getCause(), e);
        }
        if (!response.isSuccessful()) {
            try (InputStream body = response.body()) {
                throw new IOException("the log of " + pod.getMetadata().getName() + ": HTTP " + response.code());
            }
        }
        return response.body();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Copies {@code TIMESTAMP text} lines as NDJSON, one flush per line. */
    private void copy(BufferedReader reader, Query query, Pod pod, OutputStream out) throws IOException {
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                continue;
            }
            int space = line.indexOf(' ');
            Instant timestamp = null;
            String text = line;
            if (space > 0) {
                try {
                    timestamp = Instant.parse(line.substring(0, space));
                    text = line.substring(space + 1);
                } catch (DateTimeParseException e) {
                    // not a Kubernetes timestamp: keep the whole line as text
                }
            }
            byte[] json = mapper.writeValueAsBytes(new LogMessage(query.name(), query.namespace(),
                    pod.getMetadata().getName(), timestamp, text + "\n"));
            synchronized (out) {
                out.write(json);
                out.write('\n');
                out.flush();
            }
        }
    }
}
