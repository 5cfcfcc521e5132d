package io.jfaas.gateway;

import io.jfaas.model.ReleaseVersion;
import io.jfaas.model.VersionInfo;

/** The gateway's version and the commit it was built from, written into version.properties by the build. */
public final class BuildInfo {

    private static final String VERSION = ReleaseVersion.of(BuildInfo.class);
    private static final String SHA = ReleaseVersion.sha(BuildInfo.class);

    private BuildInfo() {
    }

    /** The release, such as {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        return VERSION;
    }

    /** The commit, or {@code unknown} for a build made outside git. */
    public static String sha() {
        return SHA;
    }

    static VersionInfo versionInfo() {
        return new VersionInfo("See GitHub for latest changes", SHA, VERSION);
    }
}
