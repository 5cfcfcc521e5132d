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

    private final JsonIo json;
    private final java.util.function.Supplier<ProviderInfo> provider;
    private final VersionInfo gatewayVersion;
    private final ObjectMapper mapper;
    private final java.util.Optional<java.util.Map<String, Object>> async;

    public InfoHandler(java.util.function.Supplier<ProviderInfo> provider, VersionInfo gatewayVersion,
                       ObjectMapper mapper) {
        this(provider, gatewayVersion, mapper, java.util.Optional.empty());
    }

    /**
     * With an {@code async} object too (where async calls are queued), when the gateway has async calls. The
     * provider's part is asked for per request: a remote provider's is known once it was reached.
     */
    public InfoHandler(java.util.function.Supplier<ProviderInfo> provider, VersionInfo gatewayVersion,
                       ObjectMapper mapper, java.util.Optional<java.util.Map<String, Object>> async) {
        this.provider = provider;
        this.gatewayVersion = gatewayVersion;
        this.mapper = mapper;
        this.async = async;
        this.json = new JsonIo(mapper);
    }

    private Object info() {
        GatewayInfo gateway = new GatewayInfo(provider.get(), gatewayVersion, goArch(System.getProperty("os.arch")));
        if (async.isEmpty()) {
            return gateway;
        }
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> fields = mapper.convertValue(gateway, java.util.LinkedHashMap.class);
        fields.put("async", async.get());
        return fields;
    }

    @Override
    public void handle(RoutingContext ctx) {
        json.send(ctx, info());
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
