package io.jfaas.gateway.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.Json;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/** Deployed functions in {@code STATE_DIR/functions/NS/NAME.json}, each written atomically. */
final class FunctionStore {

    private static final Logger LOG = Logger.getLogger(FunctionStore.class.getName());

    private final Path root;
    private final ObjectMapper json = Json.newMapper();

    FunctionStore(Path stateDir) {
        this.root = stateDir.resolve("functions");
    }

    void save(StoredFunction function) throws IOException {
        Path file = fileOf(function.ref());
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), "." + function.ref().name(), ".tmp");
        json.writeValue(temp.toFile(), function);
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    void delete(FunctionRef ref) throws IOException {
        Files.deleteIfExists(fileOf(ref));
    }

    /** Every stored function; unreadable files are logged and skipped, not fatal. */
    List<StoredFunction> loadAll() throws IOException {
        List<StoredFunction> functions = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return functions;
        }
        try (Stream<Path> files = Files.walk(root, 2)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                try {
                    functions.add(json.readValue(file.toFile(), StoredFunction.class));
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "skipping unreadable function state " + file + ": " + e.getMessage());
                }
            }
        }
        return functions;
    }

    private Path fileOf(FunctionRef ref) {
        return root.resolve(ref.namespace()).resolve(ref.name() + ".json");
    }
}
