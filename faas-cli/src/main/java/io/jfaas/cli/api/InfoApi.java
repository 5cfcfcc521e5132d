package io.jfaas.cli.api;

import io.jfaas.cli.CliFailure;
import io.jfaas.model.GatewayInfo;
import io.jfaas.model.Json;
import java.io.IOException;

/** {@code /system/info}. */
public final class InfoApi {

    private final GatewayHttp http;

    public InfoApi(GatewayHttp http) {
        this.http = http;
    }

    public GatewayInfo info() {
        GatewayHttp.Response response;
        try {
            response = http.sendJson("GET", "/system/info", null);
        } catch (IOException e) {
            throw new CliFailure("cannot connect to OpenFaaS on URL: " + http.gateway(), e);
        }
        return switch (response.status()) {
            case 200 -> {
                try {
                    yield Json.newMapper().readValue(response.body(), GatewayInfo.class);
                } catch (IOException e) {
                    throw new CliFailure("cannot parse result from OpenFaaS on URL: " + http.gateway() + "\n"
                            + e.getMessage());
                }
            }
            case 401 -> throw new CliFailure(GatewayHttp.UNAUTHORIZED);
            default -> throw FunctionsApi.unexpected(response);
        };
    }
}
