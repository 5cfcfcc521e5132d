package io.jfaas.cli.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.cli.CliFailure;
import io.jfaas.model.Json;
import io.jfaas.model.LogMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;

/**
 * {@code GET /system/logs}: an NDJSON stream, read and handed over a line at a time as the gateway writes it, never
 * collected first; with {@code follow} it lasts until the gateway ends it.
 */
public final class LogsApi {

    private static final ObjectMapper JSON = Json.newMapper();

    private final GatewayHttp http;

    public LogsApi(GatewayHttp http) {
        this.http = http;
    }

    /**
     * What to ask the gateway for.
     *
     * @param name the function
     * @param namespace its namespace, or null for the gateway's default
     * @param instance only this replica's lines, or null for all
     * @param follow keep streaming new lines
     * @param tail only the last this many lines; not sent when 0, and -1 (faas-cli's default) means all
     * @param since only lines from this time on, or null
     */
    public record LogRequest(String name, String namespace, String instance, boolean follow, int tail,
                             Instant since) {

        /** The query string, keys sorted as Go's {@code url.Values} writes them. */
        String query() {
            StringBuilder query = new StringBuilder("?follow=").append(follow);
            if (instance != null && !instance.isBlank()) {
                query.append("&instance=").append(FunctionsApi.encode(instance));
            }
            query.append("&name=").append(FunctionsApi.encode(name));
            if (namespace != null && !namespace.isBlank()) {
                query.append("&namespace=").append(FunctionsApi.encode(namespace));
            }
            if (since != null) {
                query.append("&since=").append(FunctionsApi.encode(
                        DateTimeFormatter.ISO_INSTANT.format(since.truncatedTo(ChronoUnit.SECONDS))));
            }
            if (tail != 0) {
                query.append("&tail=").append(tail);
            }
            return query.toString();
        }
    }

    /**
     * One line of the stream.
     *
     * @param message the line, read
     * @param json the line as the gateway wrote it
     */
    public record LogLine(LogMessage message, String json) {
    }

    /**
     * Reads the log, giving each line to {@code each} as soon as it arrives; returns when the gateway ends the stream.
     * An unknown function, a request the gateway cannot read and a stream that breaks off are failures.
     */
    public void stream(LogRequest request, Consumer<LogLine> each) {
        try (GatewayHttp.Streamed response = open(request)) {
            switch (response.status()) {
                case 200 -> read(response, each);
                case 401 -> throw new CliFailure(GatewayHttp.UNAUTHORIZED);
                case 404 -> throw new CliFailure("no such function: " + request.name()
                        + (request.namespace() == null ? "" : " in namespace " + request.namespace())
                        + ", see the deployed functions with \"faas-cli list\"");
                case 422 -> throw new CliFailure("the gateway cannot read this log request: "
                        + response.text().strip() + " (check --lines, --since and --since-time)");
                default -> throw new CliFailure("server returned unexpected status code: " + response.status()
                        + " - " + response.text().strip());
            }
        } catch (IOException e) {
            throw new CliFailure("the log stream from " + http.gateway() + " broke off: " + e.getMessage(), e);
        }
    }

    private GatewayHttp.Streamed open(LogRequest request) {
        try {
            return http.stream("/system/logs" + request.query());
        } catch (IOException e) {
            throw new CliFailure("cannot connect to OpenFaaS on URL: " + http.gateway(), e);
        }
    }

    private void read(GatewayHttp.Streamed response, Consumer<LogLine> each) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            LogMessage message;
            try {
                message = JSON.readValue(line, LogMessage.class);
            } catch (IOException e) {
                throw new CliFailure("cannot parse log message from OpenFaaS on URL: " + http.gateway() + "\n" + line);
            }
            each.accept(new LogLine(message, line));
        }
    }
}
