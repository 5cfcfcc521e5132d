package io.jfaas.gateway.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Files of the state directory written whole or not at all: a killed gateway leaves the old one or the new one. */
final class StateFiles {

    private StateFiles() {
    }

    /** Writes {@code value} as JSON to a temporary file beside {@code file}, then moves it there atomically. */
    static void writeJson(ObjectMapper json, Path file, Object value) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        json.writeValue(temp.toFile(), value);
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
