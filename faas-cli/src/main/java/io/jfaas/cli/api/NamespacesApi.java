package io.jfaas.cli.api;

import com.fasterxml.jackson.core.type.TypeReference;
import io.jfaas.cli.CliFailure;
import io.jfaas.model.Json;
import java.io.IOException;
import java.util.List;

/** {@code GET /system/namespaces}: the namespaces functions may be deployed to. */
public final class NamespacesApi {

    private final GatewayHttp http;

    public NamespacesApi(GatewayHttp http) {
        this.http = http;
    }

    public List<String> list() {
        GatewayHttp.Response response;
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
}
