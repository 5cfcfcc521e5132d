package io.jfaas.gateway.ui;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * The UI's files, read once from the classpath ({@code ui/NAME}) with their content type, a gzip copy and an ETag.
 * Only the names listed here exist: a request names one of them or gets 404, so no path can reach anything else.
 */
final class UiFiles {

    /** Every file of the UI; {@code UiHandlerTest} checks this list against the resource folder. */
    static final List<String> NAMES = List.of("index.html", "login.html", "login.js", "style.css", "app.js", "api.js",
            "chart.js", "functions.js", "function.js", "deploy.js", "secrets.js", "scaling.js", "namespaces.js", "dom.js", "favicon.svg");

    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml");

    /**
     * One file.
     *
     * @param body its bytes
     * @param gzip the same, gzip-compressed, or empty when that is not smaller
     * @param etag a strong validator: a hash of the bytes, quoted
     */
    record UiFile(String name, String contentType, byte[] body, Optional<byte[]> gzip, String etag) {
    }

    private final Map<String, UiFile> files;

    private UiFiles(Map<String, UiFile> files) {
        this.files = files;
    }

    /** Reads every file in {@link #NAMES} from {@code ui/} on this class's class path; a missing one is a bug. */
    static UiFiles fromClasspath() {
        Map<String, UiFile> files = new LinkedHashMap<>();
        for (String name : NAMES) {
            try (InputStream in = UiFiles.class.getClassLoader().getResourceAsStream("ui/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("the UI's file ui/" + name + " is missing from the class path");
                }
                files.put(name, file(name, in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the UI's file ui/" + name, e);
            }
        }
        return new UiFiles(Map.copyOf(files));
    }

    /** The file of this name ({@code index.html}, {@code app.js}, ...), if the UI has one. */
    Optional<UiFile> get(String name) {
        return Optional.ofNullable(files.get(name));
    }

    /** The total size of the files, as sent to a client that accepts gzip (for the figure in docs/web-ui.md). */
    long transferSize() {
        return files.values().stream().mapToLong(f -> f.gzip().map(g -> g.length).orElse(f.body().length)).sum();
    }

    static UiFile file(String name, byte[] body) {
        String extension = name.substring(name.lastIndexOf('.') + 1);
        String type = CONTENT_TYPES.get(extension);
        if (type == null) {
            throw new IllegalArgumentException("the UI's file " + name + " has no known content type");
        }
        byte[] gzip = gzip(body);
        return new UiFile(name, type, body, gzip.length < body.length ? Optional.of(gzip) : Optional.empty(),
                etag(body));
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3 + 32);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String etag(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 16)) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
