package io.jfaas.watchdog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code $TMPDIR/.lock}, written once the watchdog serves and removed when it begins to stop, as OpenFaaS's
 * watchdogs do: exec probes and Docker's HEALTHCHECK test for it. {@code suppress_lock} turns it off.
 */
final class LockFile {

    private final Path file;
    private final boolean suppressed;

    LockFile(Path file, boolean suppressed) {
        this.file = file;
        this.suppressed = suppressed;
    }

    void create() throws IOException {
        if (!suppressed) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, Long.toString(ProcessHandle.current().pid()));
        }
    }

    /** Present, or not needed. */
    boolean isHealthy() {
        return suppressed || Files.exists(file);
    }

    void remove() {
        if (!suppressed) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // nothing depends on it any more
            }
        }
    }
}
