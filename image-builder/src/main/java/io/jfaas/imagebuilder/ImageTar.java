package io.jfaas.imagebuilder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * An image written to a tar in Docker's format ({@code docker save}, {@code podman load}): its {@code manifest.json},
 * its configuration (entrypoint, user, environment, labels) and its layers, which can be unpacked into a folder.
 *
 * @param tags the image's names ({@code RepoTags})
 * @param config the image configuration's {@code config} object ({@code Entrypoint}, {@code User}, {@code Env}, ...)
 * @param layers the layers' entry names in the tar, base first
 * @param file the tar
 */
public record ImageTar(List<String> tags, JsonNode config, List<String> layers, Path file) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads an image tar's manifest and configuration. */
    public static ImageTar read(Path tar) throws IOException {
        Map<String, byte[]> json = new HashMap<>();
        forEachEntry(tar, (entry, in) -> {
            if (entry.name().endsWith(".json")) {
                json.put(entry.name(), in.readAllBytes());
            }
        });
        byte[] manifestBytes = json.get("manifest.json");
        if (manifestBytes == null) {
            throw new IOException(tar + " is not an image tar in Docker's format: it has no manifest.json");
        }
        JsonNode manifest = JSON.readTree(manifestBytes).path(0);
        byte[] configBytes = json.get(manifest.path("Config").asText());
        if (configBytes == null) {
            throw new IOException(tar + " has no configuration " + manifest.path("Config").asText());
        }
        List<String> tags = new ArrayList<>();
        manifest.path("RepoTags").forEach(t -> tags.add(t.asText()));
        List<String> layers = new ArrayList<>();
        manifest.path("Layers").forEach(l -> layers.add(l.asText()));
        return new ImageTar(List.copyOf(tags), JSON.readTree(configBytes).path("config"), List.copyOf(layers), tar);
    }

    public List<String> entrypoint() {
        return strings(config.path("Entrypoint"));
    }

    public String user() {
        return config.path("User").asText("");
    }

    /** The environment, {@code NAME=value} entries as a map. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : strings(config.path("Env"))) {
            int eq = entry.indexOf('=');
            env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
        }
        return env;
    }

    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        config.path("Labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    /** The files of each layer, by path inside the image, base layer first. */
    public List<List<String>> layerContents() throws IOException {
        Map<String, List<String>> byLayer = new HashMap<>();
        forEachEntry(file, (entry, in) -> {
            if (layers.contains(entry.name())) {
                List<String> paths = new ArrayList<>();
                forEachEntry(layerStream(in), (inner, ignored) -> paths.add("/" + inner.name()));
                byLayer.put(entry.name(), paths);
            }
        });
        return layers.stream().map(l -> byLayer.getOrDefault(l, List.of())).toList();
    }

    /**
     * Unpacks the layers into a folder, keeping modes and modification times (a start-up cache trained on unpacked
     * files is valid in the image). Symbolic and hard links are not followed out of the folder.
     */
    public void unpack(Path folder) throws IOException {
        Path root = folder.toAbsolutePath().normalize();
        Map<String, byte[]> layerBytes = new HashMap<>();
        forEachEntry(file, (entry, in) -> {
            if (layers.contains(entry.name())) {
                layerBytes.put(entry.name(), in.readAllBytes());
            }
        });
        for (String layer : layers) {
            byte[] bytes = layerBytes.get(layer);
            if (bytes == null) {
                throw new IOException(file + " lacks its layer " + layer);
            }
            forEachEntry(layerStream(new java.io.ByteArrayInputStream(bytes)), (entry, in) -> {
                Path target = root.resolve(entry.name()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("layer entry " + entry.name() + " points outside the image");
                }
                switch (entry.type()) {
                    case '5' -> Files.createDirectories(target);
                    case '0', '\0' -> {
                        Files.createDirectories(target.getParent());
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    case '2' -> {
                        Files.createDirectories(target.getParent());
                        Files.deleteIfExists(target);
                        Files.createSymbolicLink(target, Path.of(entry.link()));
                    }
                    default -> {
                        return;
                    }
                }
                if (entry.type() != '2') {
                    Files.setPosixFilePermissions(target, permissions(entry.mode() | 0200));
                    Files.setLastModifiedTime(target, FileTime.fromMillis(entry.mtimeSeconds() * 1000));
                }
            });
        }
    }

    private static InputStream layerStream(InputStream raw) throws IOException {
        InputStream in = raw.markSupported() ? raw : new java.io.BufferedInputStream(raw);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in) : in;
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(order[i]);
            }
        }
        return set;
    }

    /** One entry of a tar: its name (PAX and GNU long names applied), type, mode, time and link target. */
    private record Entry(String name, char type, int mode, long mtimeSeconds, String link) {
    }

    @FunctionalInterface
    private interface EntryReader {
        void read(Entry entry, InputStream content) throws IOException;
    }

    private static void forEachEntry(Path tar, EntryReader reader) throws IOException {
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(tar, LinkOption.NOFOLLOW_LINKS))) {
            forEachEntry(in, reader);
        }
    }

    /** A small reader of ustar with PAX and GNU long names: what Jib, Docker and podman write. */
    private static void forEachEntry(InputStream in, EntryReader reader) throws IOException {
        byte[] header = new byte[512];
        String longName = null;
        String longLink = null;
        while (readFully(in, header)) {
            if (header[0] == 0) {
                return;
            }
            String name = text(header, 0, 100);
            String prefix = text(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            int mode = (int) octal(header, 100, 8);
            long size = octal(header, 124, 12);
            long mtime = octal(header, 136, 12);
            char type = (char) header[156];
            String link = text(header, 157, 100);
            BoundedStream content = new BoundedStream(in, size);
            switch (type) {
                case 'x' -> {
                    Map<String, String> pax = pax(content.readAllBytes());
                    longName = pax.getOrDefault("path", longName);
                    longLink = pax.getOrDefault("linkpath", longLink);
                }
                case 'L' -> longName = new String(content.readAllBytes(), StandardCharsets.UTF_8).replace("\0", "");
                case 'K' -> longLink = new String(content.readAllBytes(), StandardCharsets.UTF_8).replace("\0", "");
                case 'g' -> content.readAllBytes();
                default -> {
                    String fullName = longName != null ? longName : name;
                    while (fullName.startsWith("./") || fullName.startsWith("/")) {
                        fullName = fullName.substring(fullName.startsWith("./") ? 2 : 1);
                    }
                    if (fullName.endsWith("/")) {
                        fullName = fullName.substring(0, fullName.length() - 1);
                    }
                    if (!fullName.isEmpty() && !fullName.equals(".")) {
                        reader.read(new Entry(fullName, type, mode, mtime, longLink != null ? longLink : link),
                                content);
                    }
                    longName = null;
                    longLink = null;
                }
            }
            content.skipRest();
            long padding = (512 - size % 512) % 512;
            in.skipNBytes(padding);
        }
    }

    private static Map<String, String> pax(byte[] bytes) {
        Map<String, String> records = new HashMap<>();
        int i = 0;
        while (i < bytes.length) {
            int space = indexOf(bytes, (byte) ' ', i);
            if (space < 0) {
                break;
            }
            int length = Integer.parseInt(new String(bytes, i, space - i, StandardCharsets.US_ASCII));
            String record = new String(bytes, space + 1, length - (space - i) - 2, StandardCharsets.UTF_8);
            int eq = record.indexOf('=');
            if (eq > 0) {
                records.put(record.substring(0, eq), record.substring(eq + 1));
            }
            i += length;
        }
        return records;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean readFully(InputStream in, byte[] buffer) throws IOException {
        int read = in.readNBytes(buffer, 0, buffer.length);
        return read == buffer.length;
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] header, int offset, int length) {
        String value = text(header, offset, length).trim();
        return value.isEmpty() ? 0 : Long.parseLong(value, 8);
    }

    /** The content of one entry: reading stops at its end, whatever the reader does. */
    private static final class BoundedStream extends InputStream {
        private final InputStream in;
        private long left;

        BoundedStream(InputStream in, long size) {
            this.in = in;
            this.left = size;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int read = in.read(buffer, offset, (int) Math.min(length, left));
            if (read > 0) {
                left -= read;
            }
            return read;
        }

        @Override
        public void close() {
            // the tar's stream stays open for the next entry
        }

        void skipRest() throws IOException {
            in.skipNBytes(left);
            left = 0;
        }
    }
}
