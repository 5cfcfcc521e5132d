package io.jfaas.gateway.testing;

import io.jfaas.imagestore.ImageRef;
import io.jfaas.imagestore.LocalImage;
import io.jfaas.imagestore.LocalImageStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** Puts a function made of test classes into a local image store, as {@code faas-cli build} would. */
public final class TestImages {

    private TestImages() {
    }

    public static LocalImage store(LocalImageStore store, String ref, Path workDir, Class<?>... classes)
            throws IOException {
        Path jar = Files.createTempFile(workDir, "function", ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (Class<?> type : classes) {
                String entry = type.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(entry));
                try (InputStream in = type.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        Path named = jar.resolveSibling("function.jar");
        Files.move(jar, named, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return store.store(ImageRef.parse(ref), List.of(named));
    }
}
