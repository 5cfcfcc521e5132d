package io.jfaas.gateway;

import io.jfaas.model.ReleaseVersion;
import io.jfaas.model.VersionInfo;

/** The gateway's version, written into version.properties by the build. */
final class BuildInfo {

    private static final String VERSION = ReleaseVersion.of(BuildInfo.class);

    private BuildInfo() {
    }

    static String version() {
        return VERSION;
    }

    static VersionInfo versionInfo() {
        return new VersionInfo("See GitHub for latest changes", "", VERSION);
    }
}
