package io.jfaas.cli.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.cli.CliFailure;
import io.jfaas.model.Json;
import io.jfaas.model.Secret;
import java.io.IOException;
import java.util.List;

/**
 * {@code /system/secrets}: names are listed with GET (values never come back), values are written with POST (create)
 * and PUT (update), and DELETE removes by {@code {"name", "namespace"}} in the body, as faas-cli sends it. Writes
 * return the gateway's answer as it is, for the command to say what a 404 or 409 means.
 */
public final class SecretsApi {

    private static final ObjectMapper JSON = Json.newMapper();
    private static final String PATH = "/system/secrets";

    private final GatewayHttp http;

    public SecretsApi(GatewayHttp http) {
        this.http = http;
    }

    /** The secrets of a namespace (the gateway's default when null). */
    public List<Secret> list(String namespace) {
        String query = namespace == null || namespace.isBlank() ? "" : "?namespace=" + FunctionsApi.encode(namespace);
        GatewayHttp.Response response = call("GET", PATH + query, null);
        if (response.status() != 200) {
            throw response.failure();
        }
        try {
            return JSON.readValue(response.body(), new TypeReference<List<Secret>>() { });
        } catch (IOException e) {
            throw new CliFailure("cannot parse result from OpenFaaS on URL: " + http.gateway() + "\n" + e.getMessage());
        }
    }

    /** POST: 202 when created, 409 when a secret of that name exists. */
    public GatewayHttp.Response create(Secret secret) {
        return call("POST", PATH, write(secret));
    }

    /** PUT: 202 when replaced, 404 when there is no such secret. */
    public GatewayHttp.Response update(Secret secret) {
        return call("PUT", PATH, write(secret));
    }

    /** DELETE: 202 when removed, 404 when there is no such secret. */
    public GatewayHttp.Response remove(String name, String namespace) {
        return call("DELETE", PATH, write(new Secret(name, namespace, null, null)));
    }

    private GatewayHttp.Response call(String method, String path, byte[] body) {
        try {
            return http.sendJson(method, path, body);
        } catch (IOException e) {
            throw new CliFailure("cannot connect to OpenFaaS on URL: " + http.gateway(), e);
        }
    }

    private static byte[] write(Secret secret) {
        try {
            return JSON.writeValueAsBytes(secret);
        } catch (IOException e) {
            throw new IllegalStateException("a secret is always writable as JSON", e);
        }
    }
}
