package io.jfaas.cli;

import io.jfaas.model.ReleaseVersion;

/** The CLI's version, written into version.properties by the build. */
public final class Version {

    private static final String VERSION = ReleaseVersion.of(Version.class);

    private Version() {
    }

    public static String version() {
        return VERSION;
    }
}
