package io.jfaas.operator.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.Loggable;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.dsl.TailPrettyLoggable;
import io.fabric8.kubernetes.client.dsl.TimeTailPrettyLoggable;
import io.jfaas.model.Labels;
import io.jfaas.model.LogMessage;
import io.jfaas.model.Names;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /system/logs?name=&namespace=&instance=&tail=&follow=&since=}: the log lines of the function's pods (label
 * {@code faas_function}), read with Kubernetes timestamps, written as NDJSON {@code LogMessage}s and flushed per line.
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
                .toList();
        if (pods.isEmpty()) {
            throw new ApiError(500, "function log request failed: no pods of " + query.name() + " in namespace "
                    + query.namespace());
        }
        exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        if (!query.follow()) {
            for (Pod pod : pods) {
                String log = loggable(query, pod).getLog();
                copy(new BufferedReader(new StringReader(log == null ? "" : log)), query, pod, out);
            }
            out.close();
            return;
        }
        List<Thread> readers = new ArrayList<>();
        List<LogWatch> watches = new ArrayList<>();
        try {
            for (Pod pod : pods) {
                LogWatch watch = loggable(query, pod).watchLog();
                watches.add(watch);
                readers.add(Thread.ofVirtual().name("logs-" + pod.getMetadata().getName()).start(() -> {
                    try (BufferedReader reader = new BufferedReader(
                            new InputStreamReader(watch.getOutput(), StandardCharsets.UTF_8))) {
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
            watches.forEach(LogWatch::close);
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

    private Loggable loggable(Query query, Pod pod) {
        PodResource resource = client.pods().inNamespace(query.namespace()).withName(pod.getMetadata().getName());
        TimeTailPrettyLoggable timestamped = resource.usingTimestamps();
        TailPrettyLoggable since = query.since() == null ? timestamped : timestamped.sinceTime(query.since().toString());
        return query.tail() > 0 ? since.tailingLines(query.tail()) : since;
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
