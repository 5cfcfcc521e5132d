package io.jfaas.imagestore;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A function image in the local store: immutable files, named by the digest of their content.
 *
 * @param ref the reference it was resolved from
 * @param digest {@code sha256:<hex>} of the content
 * @param root the directory that holds the content
 * @param classpath the jars to run, absolute, in order
 * @param created when this content was first stored
 */
public record LocalImage(ImageRef ref, String digest, Path root, List<Path> classpath, Instant created) {

    public LocalImage {
        classpath = List.copyOf(classpath);
    }
}
