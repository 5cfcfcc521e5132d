package io.jfaas.gateway.local;

import io.jfaas.model.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Secrets in local mode: {@code STATE_DIR/secrets/NS/NAME}, one file each holding the value, readable by the owner
 * only. Replicas see the secrets they were deployed with through links in their own secrets folder, so an updated
 * value reaches them, as a mounted Kubernetes Secret does.
 */
final class SecretStore {

    private final Path root;

    SecretStore(Path stateDir) {
        this.root = stateDir.resolve("secrets");
    }

    /** The file of a secret; a name or namespace that would lead out of the secrets folder is refused. */
    Path fileOf(String name, String namespace) {
        Path file = root.resolve(namespace).resolve(name).normalize();
        if (!file.getParent().equals(root.resolve(namespace).normalize()) || !file.startsWith(root)
                || name.contains("/")) {
            throw new IllegalArgumentException("\"" + name + "\" in namespace \"" + namespace
                    + "\" is not a secret name");
        }
        return file;
    }

    boolean exists(String name, String namespace) {
        return Files.isRegularFile(fileOf(name, namespace));
    }

    List<Secret> list(String namespace) throws IOException {
        Path dir = root.resolve(namespace);
        List<Secret> secrets = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(Files::isRegularFile)
                        .map(f -> f.getFileName().toString())
                        .filter(n -> !n.startsWith("."))
                        .sorted()
                        .forEach(n -> secrets.add(new Secret(n, namespace, null, null)));
            }
        }
        return secrets;
    }

    /** Namespaces that hold secrets. */
    List<String> namespaces() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
        }
    }

    /** Writes the value atomically, readable by the owner only. */
    void write(Secret secret, String namespace) throws IOException {
        Path dir = root.resolve(namespace);
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path temp = Files.createTempFile(dir, ".secret", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        byte[] value = secret.rawValue() != null && secret.rawValue().length > 0 ? secret.rawValue()
                : (secret.value() == null ? "" : secret.value()).getBytes(StandardCharsets.UTF_8);
        Files.write(temp, value);
        try {
            Files.move(temp, fileOf(secret.name(), namespace), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, fileOf(secret.name(), namespace), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    void delete(String name, String namespace) throws IOException {
        Files.deleteIfExists(fileOf(name, namespace));
    }
}
