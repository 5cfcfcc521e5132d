package io.jfaas.gateway.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        StateFiles.writeJson(json, fileOf(function.ref()), function);
    }

    void delete(FunctionRef ref) throws IOException {
        Files.deleteIfExists(fileOf(ref));
    }

    /** A stored function and the file it came from. */
    record Loaded(Path file, StoredFunction function) {
    }

    /**
     * Every stored function; unreadable or incomplete files (no deployment, name, namespace, image or digest) are
     * logged, naming the file, and skipped, not fatal.
     */
    List<Loaded> loadAll() throws IOException {
        List<Loaded> functions = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return functions;
        }
        try (Stream<Path> files = Files.walk(root, 2)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                try {
                    StoredFunction function = json.readValue(file.toFile(), StoredFunction.class);
                    String missing = missing(function);
                    if (missing != null) {
                        LOG.warning("skipping incomplete function state " + file + ": no " + missing);
                    } else {
                        functions.add(new Loaded(file, function));
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "skipping unreadable function state " + file + ": " + e.getMessage());
                }
            }
        }
        return functions;
    }

    /** The first field an incomplete stored function lacks, or null when it has them all. */
    private static String missing(StoredFunction function) {
        if (function == null || function.deployment() == null) {
            return "deployment";
        }
        if (function.deployment().service() == null) {
            return "deployment.service";
        }
        if (function.deployment().namespace() == null) {
            return "deployment.namespace";
        }
        if (function.deployment().image() == null) {
            return "deployment.image";
        }
        return function.imageDigest() == null ? "imageDigest" : null;
    }

    Path fileOf(FunctionRef ref) {
        return root.resolve(ref.namespace()).resolve(ref.name() + ".json");
    }
}
