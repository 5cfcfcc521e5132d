package io.jfaas.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A version as {@code /system/info} reports it.
 *
 * @param commitMessage the commit message (gateway only)
 * @param sha the source revision
 * @param release the release number
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VersionInfo(
        @JsonProperty("commit_message") @JsonInclude(JsonInclude.Include.NON_EMPTY) String commitMessage,
        String sha,
        String release) {
}
