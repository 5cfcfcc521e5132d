package io.jfaas.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The body of {@code GET /system/info}.
 *
 * @param provider the provider's own information
 * @param version the gateway's version
 * @param arch the machine architecture ({@code amd64}, {@code arm64})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GatewayInfo(ProviderInfo provider, VersionInfo version, String arch) {
}
