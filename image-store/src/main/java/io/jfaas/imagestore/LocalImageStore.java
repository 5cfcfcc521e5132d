package io.jfaas.imagestore;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.jfaas.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Function images on this machine, shared by {@code faas-cli build} (which stores) and the local provider (which
 * runs). Layout under the root:
 * <pre>
 * refs/&lt;repository&gt;/_tags/&lt;tag&gt;    text: sha256:&lt;hex&gt; ("_tags" cannot be a repository part)
 * blobs/sha256/&lt;hex&gt;/image.json     {"created": ..., "classpath": ["lib/function.jar", ...]}
 * blobs/sha256/&lt;hex&gt;/lib/*.jar
 * </pre>
 * Content never changes once stored; storing moves a tag to new content atomically.
 */
public final class LocalImageStore {

    /** The environment variable that moves the store; shared by the CLI and the gateway. */
    public static final String ENV = "JFAAS_IMAGE_STORE";

    private static final String IMAGE_FILE = "image.json";
    private static final String TAGS = "_tags";
    /** How deep {@link #tags} looks: a repository of many path parts, then {@code _tags}, then the tag. */
    private static final int MAX_REF_DEPTH = 16;
    private static final JsonMapper JSON = Json.newMapper();

    private final Path root;

    public LocalImageStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** {@code $JFAAS_IMAGE_STORE}, else {@code $HOME/.jfaas/images}. */
    public static Path defaultRoot(Map<String, String> env) {
        String configured = env.get(ENV);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".jfaas", "images");
    }

    public Path root() {
        return root;
    }

    /** The content the tag points at now. */
    public Optional<LocalImage> find(ImageRef ref) {
        Path refFile = refFile(ref);
        if (!Files.isRegularFile(refFile)) {
            return Optional.empty();
        }
        try {
            String digest = Files.readString(refFile, StandardCharsets.UTF_8).trim();
            return findByDigest(ref, digest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + refFile, e);
        }
    }

    /** Exactly this content, whatever the tag points at now. */
    public Optional<LocalImage> findByDigest(ImageRef ref, String digest) {
        Path blob = blobDir(digest);
        Path imageFile = blob.resolve(IMAGE_FILE);
        if (!Files.isRegularFile(imageFile)) {
            return Optional.empty();
        }
        try {
            ImageFile image = JSON.readValue(imageFile.toFile(), ImageFile.class);
            List<Path> classpath = image.classpath().stream().map(blob::resolve).toList();
            return Optional.of(new LocalImage(ref, digest, blob, classpath, image.created()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + imageFile, e);
        }
    }

    /**
     * The tags in the store, sorted by name, at most {@code max} of them (the first by name), for a user to pick
     * from. A file that is no tag (a ref being written) is left out.
     */
    public List<ImageRef> tags(int max) throws IOException {
        Path refs = root.resolve("refs");
        if (!Files.isDirectory(refs)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(refs, MAX_REF_DEPTH)) {
            return files.filter(file -> file.getParent() != null && file.getParent().getFileName().toString()
                            .equals(TAGS) && Files.isRegularFile(file))
                    .map(file -> tagOf(refs, file))
                    .flatMap(Optional::stream)
                    .sorted(Comparator.comparing(ImageRef::toString))
                    .limit(max)
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static Optional<ImageRef> tagOf(Path refs, Path tagFile) {
        Path repository = refs.relativize(tagFile.getParent().getParent());
        try {
            return Optional.of(new ImageRef(repository.toString(), tagFile.getFileName().toString()));
        } catch (IllegalArgumentException notAnImageName) {
            return Optional.empty();
        }
    }

    /**
     * Stores the jars (the function's own first) under the reference and returns the stored image. Storing the
     * same content twice keeps one copy.
     */
    public LocalImage store(ImageRef ref, List<Path> jars) throws IOException {
        Path staging = root.resolve("tmp").resolve(UUID.randomUUID().toString());
        Path lib = staging.resolve("lib");
        Files.createDirectories(lib);
        try {
            MessageDigest digest = sha256();
            List<String> classpath = new ArrayList<>();
            for (Path jar : jars) {
                String name = jar.getFileName().toString();
                Path copy = lib.resolve(name);
                if (Files.exists(copy)) {
                    throw new IllegalArgumentException("two jars named " + name + " in one image");
                }
                Files.copy(jar, copy);
                digest.update((name + "\0" + fileDigest(copy) + "\n").getBytes(StandardCharsets.UTF_8));
                classpath.add("lib/" + name);
            }
            String hex = HexFormat.of().formatHex(digest.digest());
            String imageDigest = "sha256:" + hex;
            Path blob = blobDir(imageDigest);
            if (!Files.isDirectory(blob)) {
                JSON.writeValue(staging.resolve(IMAGE_FILE).toFile(), new ImageFile(Instant.now(), classpath));
                Files.createDirectories(blob.getParent());
                try {
                    Files.move(staging, blob, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
                    // stored by someone else at the same moment: the content is the same
                }
            }
            writeAtomically(refFile(ref), imageDigest);
            return findByDigest(ref, imageDigest).orElseThrow();
        } finally {
            deleteRecursively(staging);
        }
    }

    private Path refFile(ImageRef ref) {
        return root.resolve("refs").resolve(ref.repository()).resolve(TAGS).resolve(ref.tag());
    }

    private Path blobDir(String digest) {
        if (!digest.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not an image digest: " + digest);
        }
        return root.resolve("blobs").resolve("sha256").resolve(digest.substring("sha256:".length()));
    }

    private void writeAtomically(Path target, String content) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), ".ref", ".tmp");
        Files.writeString(temp, content + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String fileDigest(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private record ImageFile(Instant created, List<String> classpath) {
    }
}
