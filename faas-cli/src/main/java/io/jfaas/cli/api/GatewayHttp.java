package io.jfaas.cli.api;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import io.jfaas.cli.config.ConfigFile;
import io.jfaas.cli.config.ConfigFile.BasicCredentials;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP to one gateway: adds basic auth from the config file (for /system calls), never follows redirects, and
 * prints each call when {@code FAAS_DEBUG=1}. Each call is one {@link HttpCall}: a connection of its own, HTTPS with
 * the JDK's trust store.
 */
public final class GatewayHttp {

    /** faas-cli's answer to a 401 from the /system API. */
    public static final String UNAUTHORIZED =
            "unauthorized access, run \"faas-cli login\" to setup authentication for this server";

    private final String gateway;
    private final Optional<BasicCredentials> credentials;
    private final Duration timeout;
    private final PrintWriter debug;

    public GatewayHttp(String gateway, Optional<BasicCredentials> credentials, Duration timeout, PrintWriter debug) {
        this.gateway = gateway;
        this.credentials = credentials;
        this.timeout = timeout;
        this.debug = debug;
    }

    /** A client for {@code gateway} with the credentials saved for it, if any. */
    public static GatewayHttp of(CliContext context, String gateway, Duration timeout, PrintWriter err) {
        PrintWriter debug = "1".equals(context.env("FAAS_DEBUG")) ? err : null;
        return new GatewayHttp(gateway, ConfigFile.of(context).credentials(gateway), timeout, debug);
    }

    /** The same gateway with other credentials (for login). */
    public GatewayHttp withCredentials(BasicCredentials other) {
        return new GatewayHttp(gateway, Optional.of(other), timeout, debug);
    }

    public String gateway() {
        return gateway;
    }

    /**
     * Sends a request.
     *
     * @param authenticated whether to add the saved credentials (never for function calls)
     * @throws IOException when the gateway cannot be reached
     */
    public Response send(String method, String pathAndQuery, byte[] body, Map<String, List<String>> headers,
                         boolean authenticated) throws IOException {
        URI uri = uri(pathAndQuery);
        List<String[]> all = new ArrayList<>();
        headers.forEach((name, values) -> values.forEach(value -> all.add(new String[] {name, value})));
        authorize(all, authenticated);
        debugRequest(method, uri, body);
        try (HttpCall.Answer answer = HttpCall.send(uri, method, all, body, timeout)) {
            byte[] bytes = answer.body().readAllBytes();
            if (debug != null) {
                debug.println("< " + answer.status() + " (" + bytes.length + " bytes)");
                debug.flush();
            }
            return new Response(answer.status(), bytes, answer.headers());
        }
    }

    /**
     * An authenticated GET of the /system API whose body is read as it arrives, for streams that last as long as
     * the gateway keeps them open: only connecting has a time limit. The caller closes the answer.
     *
     * @throws IOException when the gateway cannot be reached
     */
    public Streamed stream(String pathAndQuery) throws IOException {
        URI uri = uri(pathAndQuery);
        List<String[]> headers = new ArrayList<>();
        authorize(headers, true);
        debugRequest("GET", uri, null);
        HttpCall.Answer answer = HttpCall.send(uri, "GET", headers, null, null);
        if (debug != null) {
            debug.println("< " + answer.status() + " (streamed)");
            debug.flush();
        }
        return new Streamed(answer.status(), answer.body());
    }

    private URI uri(String pathAndQuery) {
        try {
            URI uri = URI.create(gateway + pathAndQuery);
            if (uri.getHost() == null || !("http".equalsIgnoreCase(uri.getScheme())
                    || "https".equalsIgnoreCase(uri.getScheme()))) {
                throw new IllegalArgumentException("not an http(s) URL with a host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new CliFailure("invalid URL: " + gateway + pathAndQuery);
        }
    }

    private void authorize(List<String[]> headers, boolean authenticated) {
        if (authenticated) {
            credentials.ifPresent(c -> headers.add(new String[] {"Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((c.user() + ":" + c.password()).getBytes(StandardCharsets.UTF_8))}));
        }
    }

    private void debugRequest(String method, URI uri, byte[] body) {
        if (debug != null) {
            debug.println("> " + method + " " + uri + (body == null ? "" : " (" + body.length + " bytes)"));
            debug.flush();
        }
    }

    /** A JSON call to the /system API. */
    public Response sendJson(String method, String pathAndQuery, byte[] json) throws IOException {
        Map<String, List<String>> headers = json == null ? Map.of()
                : Map.of("Content-Type", List.of("application/json"));
        return send(method, pathAndQuery, json, headers, true);
    }

    /**
     * An answer.
     *
     * @param status the status code
     * @param body the body
     * @param headers the headers
     */
    public record Response(int status, byte[] body, ResponseHeaders headers) {

        private static final Pattern WARNING = Pattern.compile("^\\d{3} \\S+ \"(.*)\"");

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The texts of its {@code Warning} headers ({@code 299 - "text"}): what the gateway accepted, with a caveat. */
        public List<String> warnings() {
            return headers.allValues("Warning").stream().map(Response::warningText).toList();
        }

        private static String warningText(String value) {
            Matcher quoted = WARNING.matcher(value);
            return quoted.find() ? quoted.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : value;
        }

        /**
         * faas-cli's failure for an answer the caller has no better word for: the login hint for 401, else the
         * status and the gateway's own message.
         */
        public CliFailure failure() {
            if (status == 401) {
                return new CliFailure(UNAUTHORIZED);
            }
            return new CliFailure("server returned unexpected status code: " + status + " - " + text().strip());
        }

        /** {@code 202 Accepted}: the status with its reason phrase, as Go prints it. */
        public String statusLine() {
            return status + " " + switch (status) {
                case 200 -> "OK";
                case 201 -> "Created";
                case 202 -> "Accepted";
                case 400 -> "Bad Request";
                case 401 -> "Unauthorized";
                case 404 -> "Not Found";
                case 409 -> "Conflict";
                case 500 -> "Internal Server Error";
                case 502 -> "Bad Gateway";
                case 503 -> "Service Unavailable";
                default -> "";
            };
        }
    }

    /**
     * An answer whose body is still arriving.
     *
     * @param status the status code
     * @param body the body, read as the gateway writes it
     */
    public record Streamed(int status, InputStream body) implements Closeable {

        /** The whole body as text, for an error answer (which is short). */
        public String text() throws IOException {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }
}
