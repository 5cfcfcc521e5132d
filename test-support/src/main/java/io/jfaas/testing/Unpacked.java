package io.jfaas.testing;

import java.nio.file.Path;

/**
 * Another module's distribution archive (the gateway, faas-cli, ...) as the build unpacked it for these tests: a
 * module that runs another's program depends on that program's {@code dist} zip and names the folder it unpacked
 * it into in a system property (the parent pom says how).
 */
public final class Unpacked {

    private Unpacked() {
    }

    /** The folder named by the system property {@code property}; fails, naming it, when the build did not set it. */
    public static Path dist(String property) {
        String dir = System.getProperty(property);
        if (dir == null || dir.isBlank()) {
            throw new IllegalStateException("the system property " + property + " names no folder: run these tests"
                    + " with Maven (./mvnw verify), which unpacks the distribution archive and sets it");
        }
        return Path.of(dir).toAbsolutePath().normalize();
    }
}
