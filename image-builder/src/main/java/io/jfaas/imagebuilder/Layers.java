package io.jfaas.imagebuilder;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Image layers from files. Every file gets Jib's fixed modification time (so the same files make the same layer,
 * and a start-up cache trained on them stays valid) and is owned by root: the user can read and run what the image
 * holds, not change it. Executables keep their execute bits ({@code addLayer} alone would make every file 644).
 */
public final class Layers {

    private static final FilePermissions EXECUTABLE = FilePermissions.fromOctalString("755");
    private static final FilePermissions FILE = FilePermissions.fromOctalString("644");
    private static final FilePermissions FOLDER = FilePermissions.fromOctalString("755");
    /** {@code /tmp}: anyone may write (Jib cannot set the sticky bit; Kubernetes mounts an emptyDir there anyway). */
    private static final FilePermissions WORLD_WRITABLE = FilePermissions.fromOctalString("777");

    private Layers() {
    }

    /** A folder's files, recursively, at {@code target} in the image. */
    public static FileEntriesLayer folder(String name, Path source, String target) throws IOException {
        return FileEntriesLayer.builder().setName(name)
                .addEntryRecursive(source, AbsoluteUnixPath.get(target), Layers::permissionsOf,
                        FileEntriesLayer.DEFAULT_MODIFICATION_TIME_PROVIDER)
                .build();
    }

    /**
     * The base's file system except the runtime (its own layer, as it changes less often than the rest): libraries,
     * {@code /etc}, the user's home (owned by the user) and {@code /tmp}.
     */
    static FileEntriesLayer system(JreRoot jre) throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("system");
        try (var top = Files.list(jre.root())) {
            for (Path child : top.sorted().toList()) {
                String name = child.getFileName().toString();
                if (name.equals("opt") || name.equals("home") || name.equals("tmp") || name.startsWith(".")) {
                    continue;
                }
                layer.addEntryRecursive(child, AbsoluteUnixPath.get("/" + name), Layers::permissionsOf,
                        FileEntriesLayer.DEFAULT_MODIFICATION_TIME_PROVIDER);
            }
        }
        String owner = ImageLayout.UID + ":" + ImageLayout.UID;
        layer.addEntry(jre.root().resolve("home"), AbsoluteUnixPath.get("/home"), FOLDER,
                FileEntriesLayer.DEFAULT_MODIFICATION_TIME);
        layer.addEntry(jre.root().resolve(ImageLayout.HOME.substring(1)), AbsoluteUnixPath.get(ImageLayout.HOME),
                FilePermissions.fromOctalString("750"), FileEntriesLayer.DEFAULT_MODIFICATION_TIME, owner);
        layer.addEntry(jre.root().resolve("tmp"), AbsoluteUnixPath.get("/tmp"), WORLD_WRITABLE,
                FileEntriesLayer.DEFAULT_MODIFICATION_TIME);
        return layer.build();
    }

    /** Files in the order given, each at {@code folder/<its file name>}. */
    public static FileEntriesLayer files(String name, List<Path> files, String folder) {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        for (Path file : files) {
            layer.addEntry(file, AbsoluteUnixPath.get(folder).resolve(file.getFileName().toString()),
                    permissionsOf(file, null), FileEntriesLayer.DEFAULT_MODIFICATION_TIME);
        }
        return layer.build();
    }

    private static FilePermissions permissionsOf(Path source, AbsoluteUnixPath target) {
        if (Files.isDirectory(source)) {
            return FOLDER;
        }
        return Files.isExecutable(source) ? EXECUTABLE : FILE;
    }
}
