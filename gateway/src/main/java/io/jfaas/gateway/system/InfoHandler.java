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

    private final Object info;
    private final JsonIo json;

    public InfoHandler(ProviderInfo provider, VersionInfo gatewayVersion, ObjectMapper mapper) {
        this(provider, gatewayVersion, mapper, java.util.Optional.empty());
    }

    /** With an {@code async} object too (where async calls are queued), when the gateway has async calls. */
    public InfoHandler(ProviderInfo provider, VersionInfo gatewayVersion, ObjectMapper mapper,
                       java.util.Optional<java.util.Map<String, Object>> async) {
        GatewayInfo gateway = new GatewayInfo(provider, gatewayVersion, goArch(System.getProperty("os.arch")));
        if (async.isPresent()) {
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> fields = mapper.convertValue(gateway, java.util.LinkedHashMap.class);
            fields.put("async", async.get());
            this.info = fields;
        } else {
            this.info = gateway;
        }
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
