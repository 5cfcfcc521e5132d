package io.jfaas.gateway.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.model.FunctionNamespace;
import io.jfaas.model.Json;
import io.jfaas.model.Names;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Namespaces created through the API in local mode: {@code STATE_DIR/namespaces/NAME.json}, each written atomically,
 * holding its labels and annotations. A namespace also exists while functions or secrets are in it.
 */
final class NamespaceStore {

    private static final Logger LOG = Logger.getLogger(NamespaceStore.class.getName());

    private final Path root;
    private final ObjectMapper json = Json.newMapper();

    NamespaceStore(Path stateDir) {
        this.root = stateDir.resolve("namespaces");
    }

    Optional<FunctionNamespace> get(String name) throws IOException {
        Path file = fileOf(name);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(json.readValue(file.toFile(), FunctionNamespace.class).withName(name));
    }

    void save(FunctionNamespace namespace) throws IOException {
        Path file = fileOf(namespace.name());
        Files.createDirectories(root);
        Path temp = Files.createTempFile(root, "." + namespace.name(), ".tmp");
        json.writeValue(temp.toFile(), namespace);
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    void delete(String name) throws IOException {
        Files.deleteIfExists(fileOf(name));
    }

    /** The names of the stored namespaces; an unreadable file is logged and skipped. */
    List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return names;
        }
        try (Stream<Path> files = Files.list(root)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.json$", "");
                if (Names.isDns1123Label(name)) {
                    names.add(name);
                } else {
                    LOG.warning("skipping " + file + ": not a namespace's name");
                }
            }
        }
        return names;
    }

    private Path fileOf(String name) {
        if (!Names.isDns1123Label(name)) {
            throw new IllegalArgumentException("\"" + name + "\" is not a namespace name");
        }
        return root.resolve(name + ".json");
    }
}
