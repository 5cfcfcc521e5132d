package io.jfaas.gateway.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.model.GatewayInfo;
import io.jfaas.model.ProviderInfo;
import io.jfaas.model.VersionInfo;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/** {@code GET /system/info}: the provider's info, the gateway's version and the machine's architecture. */
public final class InfoHandler implements Handler<RoutingContext> {

    private final GatewayInfo info;
    private final JsonIo json;

    public InfoHandler(ProviderInfo provider, VersionInfo gatewayVersion, ObjectMapper mapper) {
        this.info = new GatewayInfo(provider, gatewayVersion, goArch(System.getProperty("os.arch")));
        this.json = new JsonIo(mapper);
    }

    @Override
    public void handle(RoutingContext ctx) {
        json.send(ctx, info);
    }

    /** Go's name for the architecture, which OpenFaaS reports. */
    static String goArch(String osArch) {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "arm" -> "arm";
            default -> osArch;
        };
    }
}
