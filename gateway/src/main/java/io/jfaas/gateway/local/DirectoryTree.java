package io.jfaas.gateway.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A folder and everything below it: the run folders, pooled JVMs' folders and start-up caches the gateway removes. */
final class DirectoryTree {

    private static final Logger LOG = Logger.getLogger(DirectoryTree.class.getName());

    private DirectoryTree() {
    }

    /** Deletes {@code directory} with its contents, deepest first; nothing when it does not exist. */
    static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** The same for a folder whose leftovers do no harm: what cannot be deleted is logged at FINE. */
    static void deleteQuietly(Path directory) {
        try {
            delete(directory);
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot delete " + directory + ": " + e.getMessage());
        }
    }
}
