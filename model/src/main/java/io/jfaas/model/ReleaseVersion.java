package io.jfaas.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** A component's release, which its build writes into {@code version.properties} next to a class of its own. */
public final class ReleaseVersion {

    private ReleaseVersion() {
    }

    /** The {@code version} in {@code version.properties} in the package of {@code anchor}, or "dev". */
    public static String of(Class<?> anchor) {
        try (InputStream in = anchor.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "dev");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the version of " + anchor.getPackageName(), e);
        }
    }
}
