package io.jfaas.gateway;

import io.jfaas.model.VersionInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The gateway's version, written into version.properties by the build. */
final class BuildInfo {

    private static final String VERSION = load();

    private BuildInfo() {
    }

    static String version() {
        return VERSION;
    }

    static VersionInfo versionInfo() {
        return new VersionInfo("See GitHub for latest changes", "", VERSION);
    }

    private static String load() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "dev");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
