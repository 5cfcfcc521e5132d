package io.jfaas.cli.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.cli.CliFailure;
import io.jfaas.model.DeleteFunctionRequest;
import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.FunctionStatus;
import io.jfaas.model.Json;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** {@code /system/functions} and {@code /system/function/{name}}. */
public final class FunctionsApi {

    /** The data binding, for what the CLI writes; made on first use (reading is {@link FunctionStatusReader}'s). */
    private static final class Writer {
        static final ObjectMapper JSON = Json.newMapper();
    }

    private final GatewayHttp http;

    public FunctionsApi(GatewayHttp http) {
        this.http = http;
    }

    /** The functions of a namespace (the gateway's default when null). */
    public List<FunctionStatus> list(String namespace) {
        GatewayHttp.Response response = call("GET", "/system/functions" + namespaceQuery(namespace, true), null);
        return switch (response.status()) {
            case 200 -> parse(response, FunctionStatusReader::list);
            case 401 -> throw new CliFailure(GatewayHttp.UNAUTHORIZED);
            default -> throw unexpected(response);
        };
    }

    /** One function, or empty when the gateway has none by that name. */
    public Optional<FunctionStatus> get(String name, String namespace) {
        GatewayHttp.Response response = call("GET", "/system/function/" + encode(name)
                + namespaceQuery(namespace, true), null);
        return switch (response.status()) {
            case 200 -> Optional.ofNullable(parse(response, FunctionStatusReader::one));
            case 404 -> Optional.empty();
            case 401 -> throw new CliFailure(GatewayHttp.UNAUTHORIZED);
            default -> throw unexpected(response);
        };
    }

    /**
     * Deploys: PUT (update) first, then POST (create) when the gateway answers 404, as faas-cli does. The answer is
     * returned as it is; connection failures throw {@link IOException}.
     */
    public GatewayHttp.Response deploy(FunctionDeployment deployment, boolean update) throws IOException {
        byte[] body = Writer.JSON.writeValueAsBytes(deployment);
        if (update) {
            GatewayHttp.Response response = http.sendJson("PUT", "/system/functions", body);
            if (response.status() != 404) {
                return response;
            }
        }
        return http.sendJson("POST", "/system/functions", body);
    }

    /** Removes a function; the answer is returned as it is. */
    public GatewayHttp.Response delete(String name, String namespace) throws IOException {
        byte[] body = Writer.JSON.writeValueAsBytes(new DeleteFunctionRequest(name, namespace));
        return http.sendJson("DELETE", "/system/functions" + namespaceQuery(namespace, true), body);
    }

    private GatewayHttp.Response call(String method, String path, byte[] body) {
        try {
            return http.sendJson(method, path, body);
        } catch (IOException e) {
            throw new CliFailure("cannot connect to OpenFaaS on URL: " + http.gateway(), e);
        }
    }

    /** How an answer's body is read. */
    @FunctionalInterface
    private interface Reader<T> {
        T read(byte[] json) throws IOException;
    }

    private <T> T parse(GatewayHttp.Response response, Reader<T> reader) {
        try {
            return reader.read(response.body());
        } catch (IOException | RuntimeException e) {
            throw new CliFailure("cannot parse result from OpenFaaS on URL: " + http.gateway() + "\n" + e.getMessage());
        }
    }

    static CliFailure unexpected(GatewayHttp.Response response) {
        return response.failure();
    }

    private static String namespaceQuery(String namespace, boolean first) {
        if (namespace == null || namespace.isBlank()) {
            return "";
        }
        return (first ? "?" : "&") + "namespace=" + encode(namespace);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
