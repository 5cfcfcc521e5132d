package io.jfaas.cli;

import io.jfaas.model.ReleaseVersion;

/** The CLI's version and commit, written into version.properties by the build. */
public final class Version {

    private static final String VERSION = ReleaseVersion.of(Version.class);
    private static final String SHA = ReleaseVersion.sha(Version.class);

    private Version() {
    }

    public static String version() {
        return VERSION;
    }

    /** The commit the CLI was built from, or {@code unknown} for a build made outside git. */
    public static String sha() {
        return SHA;
    }
}
