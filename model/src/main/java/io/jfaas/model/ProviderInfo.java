package io.jfaas.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The provider's part of {@code /system/info}; its name key is literally {@code provider}.
 *
 * @param provider the provider's name
 * @param orchestration what runs the functions ({@code kubernetes}, {@code local})
 * @param version the provider's version
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProviderInfo(String provider, String orchestration, VersionInfo version) {
}
