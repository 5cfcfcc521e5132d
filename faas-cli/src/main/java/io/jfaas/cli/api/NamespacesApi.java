package io.jfaas.cli.api;

import com.fasterxml.jackson.core.type.TypeReference;
import io.jfaas.cli.CliFailure;
import io.jfaas.cli.api.GatewayHttp.Response;
import io.jfaas.model.FunctionNamespace;
import io.jfaas.model.Json;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /system/namespaces} (the namespaces functions may be deployed to) and {@code /system/namespace/NAME}
 * (one namespace: get, create, update, delete).
 */
public final class NamespacesApi {

    private final GatewayHttp http;

    public NamespacesApi(GatewayHttp http) {
        this.http = http;
    }

    public List<String> list() {
        Response response;
        try {
            response = http.sendJson("GET", "/system/namespaces", null);
        } catch (IOException e) {
            throw new CliFailure("cannot connect to OpenFaaS on URL: " + http.gateway(), e);
        }
        if (response.status() != 200) {
            throw response.failure();
        }
        try {
            return Json.newMapper().readValue(response.body(), new TypeReference<List<String>>() { });
        } catch (IOException e) {
            throw new CliFailure("cannot parse namespaces from OpenFaaS on URL: " + http.gateway() + "\n"
                    + e.getMessage());
        }
    }

    /** One namespace, or empty when the gateway has none of that name (404). */
    public Optional<FunctionNamespace> get(String name) {
        Response response = send("GET", "/system/namespace/" + encode(name), null);
        if (response.status() == 404) {
            return Optional.empty();
        }
        if (response.status() != 200) {
            throw failure(response);
        }
        try {
            return Optional.of(Json.newMapper().readValue(response.body(), FunctionNamespace.class));
        } catch (IOException e) {
            throw new CliFailure("cannot parse namespace " + name + " from OpenFaaS on URL: " + http.gateway() + "\n"
                    + e.getMessage());
        }
    }

    /** Creates it (POST /system/namespace/). */
    public void create(FunctionNamespace namespace) {
        Response response = send("POST", "/system/namespace/", write(namespace));
        if (response.status() / 100 != 2) {
            throw failure(response);
        }
    }

    /** Replaces its labels and annotations (PUT /system/namespace/NAME); 404 says it does not exist. */
    public void update(FunctionNamespace namespace) {
        Response response = send("PUT", "/system/namespace/" + encode(namespace.name()), write(namespace));
        if (response.status() == 404) {
            throw new CliFailure("namespace " + namespace.name() + " not found");
        }
        if (response.status() / 100 != 2) {
            throw failure(response);
        }
    }

    /** Deletes it (DELETE /system/namespace/NAME); 404 says it does not exist. */
    public void delete(String name) {
        Response response = send("DELETE", "/system/namespace/" + encode(name), null);
        if (response.status() == 404) {
            throw new CliFailure("namespace " + name + " not found");
        }
        if (response.status() / 100 != 2) {
            throw failure(response);
        }
    }

    private Response send(String method, String path, byte[] body) {
        try {
            return http.sendJson(method, path, body);
        } catch (IOException e) {
            throw new CliFailure("cannot connect to OpenFaaS on URL: " + http.gateway(), e);
        }
    }

    /** The go-sdk's wording: 401 asks to log in, anything else names the status and the gateway's message. */
    private static CliFailure failure(Response response) {
        if (response.status() == 401) {
            return new CliFailure("unauthorized action, please setup authentication for this server");
        }
        return new CliFailure("unexpected status code: " + response.status() + ", message: \""
                + response.text().strip() + "\"");
    }

    private static byte[] write(FunctionNamespace namespace) {
        try {
            return Json.newMapper().writeValueAsBytes(namespace);
        } catch (IOException e) {
            throw new IllegalStateException("a namespace is always JSON", e);
        }
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }
}
