package io.jfaas.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * A component's release and the commit it was built from, which its build writes into {@code version.properties}
 * next to a class of its own ({@code version=} and {@code sha=}).
 */
public final class ReleaseVersion {

    /** What {@link #sha} says of a build made outside git. */
    public static final String UNKNOWN_SHA = "unknown";

    private ReleaseVersion() {
    }

    /** The {@code version} in {@code version.properties} in the package of {@code anchor}, or "dev". */
    public static String of(Class<?> anchor) {
        return read(anchor).getProperty("version", "dev");
    }

    /**
     * The commit ({@code sha}) in {@code version.properties} in the package of {@code anchor}, or {@link #UNKNOWN_SHA}
     * when the build was made outside git (the build then leaves the property unfilled).
     */
    public static String sha(Class<?> anchor) {
        return sha(read(anchor));
    }

    static String sha(Properties properties) {
        String sha = properties.getProperty("sha", "").strip();
        return sha.isEmpty() || sha.startsWith("${") ? UNKNOWN_SHA : sha;
    }

    private static Properties read(Class<?> anchor) {
        Properties properties = new Properties();
        try (InputStream in = anchor.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the version of " + anchor.getPackageName(), e);
        }
    }
}
