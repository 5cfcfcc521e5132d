package io.jfaas.imagebuilder;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images written with {@link Layers} and {@link Images#toTar}, read back and unpacked with {@link ImageTar}. */
class ImageTarTest {

    @TempDir
    Path dir;

    @Test
    void an_image_written_to_a_tar_reads_back_with_its_configuration_and_layers() throws Exception {
        Path tar = writeImage("one");

        ImageTar image = ImageTar.read(tar);

        assertThat(image.tags()).containsExactly("example.org/team/tool:1.0");
        assertThat(image.entrypoint()).containsExactly("/opt/tool/bin/run", "--flag");
        assertThat(image.user()).isEqualTo("10001:10001");
        assertThat(image.environment()).isEqualTo(Map.of("GREETING", "a=b"));
        assertThat(image.labels()).containsEntry("purpose", "test");
        String longName = "/opt/tool/" + "deep/".repeat(25) + "file.txt";
        List<List<String>> layers = image.layerContents();
        assertThat(layers).hasSize(2);
        assertThat(layers.get(0)).startsWith("/opt", "/opt/tool", "/opt/tool/bin", "/opt/tool/bin/run")
                .contains(longName);
        assertThat(layers.get(1)).containsExactly("/data", "/data/notes.txt");
    }

    @Test
    void unpacking_keeps_execute_bits_and_the_images_fixed_file_times() throws Exception {
        ImageTar image = ImageTar.read(writeImage("two"));
        Path root = dir.resolve("root");

        image.unpack(root);

        Path run = root.resolve("opt/tool/bin/run");
        assertThat(Files.readString(run)).isEqualTo("#!/bin/sh\necho hi\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run))).isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("data/notes.txt"))))
                .isEqualTo("rw-r--r--");
        assertThat(Files.getLastModifiedTime(run).toInstant()).isEqualTo(FileEntriesLayer.DEFAULT_MODIFICATION_TIME);
        assertThat(root.resolve("opt/tool/" + "deep/".repeat(25) + "file.txt")).hasContent("long");
    }

    @Test
    void the_same_files_make_the_same_layers() throws Exception {
        assertThat(ImageTar.read(writeImage("a")).layers()).isEqualTo(ImageTar.read(writeImage("b")).layers());
    }

    private Path writeImage(String name) throws Exception {
        Path source = dir.resolve("source-" + name);
        Path bin = Files.createDirectories(source.resolve("tool/bin"));
        Files.writeString(bin.resolve("run"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(bin.resolve("run"), PosixFilePermissions.fromString("rwxr-x---"));
        Path deep = Files.createDirectories(source.resolve("tool/" + "deep/".repeat(25)));
        Files.writeString(deep.resolve("file.txt"), "long");
        Path notes = Files.writeString(source.resolve("notes.txt"), "notes");
        Path tar = dir.resolve(name + ".tar");
        Images.toTar(Jib.fromScratch()
                        .addFileEntriesLayer(Layers.folder("tool", source.resolve("tool"), "/opt/tool"))
                        .addFileEntriesLayer(Layers.files("data", List.of(notes), "/data"))
                        .setEntrypoint("/opt/tool/bin/run", "--flag")
                        .setUser("10001:10001")
                        .setEnvironment(Map.of("GREETING", "a=b"))
                        .addLabel("purpose", "test"),
                tar, "example.org/team/tool:1.0", dir.resolve("work-" + name), line -> { });
        return tar;
    }
}
