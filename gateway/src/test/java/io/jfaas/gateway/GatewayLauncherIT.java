package io.jfaas.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfaas.gateway.testing.GatewayProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's launcher ({@code src/dist/gateway}, which bin/gateway runs): the JVM options of jvm.options,
 * Netty's use of sun.misc.Unsafe on JDK 23+, and a class data archive that the first start writes when it stops and
 * later starts map, kept sound (an archive cut short or made from other jars is made again, other JDKs' archives do
 * not pile up) and left out, with a message, where it cannot be written.
 */
class GatewayLauncherIT {

    /** A dynamic class data archive's first four bytes, little-endian, once the JVM has written it whole. */
    private static final int DYNAMIC_ARCHIVE_MAGIC = 0xf00baba8;

    @TempDir
    Path work;

    @Test
    void the_first_start_writes_a_class_archive_when_it_stops_and_the_next_start_maps_it() throws Exception {
        Path archive = work.resolve("archives").resolve("gateway.jsa");
        Map<String, String> settings = Map.of("JFAAS_GATEWAY_CLASS_ARCHIVE", archive.toString());
        try (GatewayProcess gateway = GatewayProcess.launch(work, settings)) {
            List<String> command = commandLine(gateway.pid());
            assertThat(command).contains("-XX:SharedArchiveFile=" + archive, "-XX:+AutoCreateSharedArchive")
                    .containsAll(GatewayProcess.shippedJvmOptions());
            assertThat(command.contains("--sun-misc-unsafe-memory-access=allow"))
                    .as("Netty may use sun.misc.Unsafe (JDK 23+ only): %s", command)
                    .isEqualTo(Runtime.version().feature() >= 23);
            assertThat(mapped(gateway.pid(), archive)).as("no archive yet").isFalse();
        }
        assertThat(magic(archive)).as("the archive written when the gateway stopped").isEqualTo(DYNAMIC_ARCHIVE_MAGIC);

        try (GatewayProcess gateway = GatewayProcess.launch(work, settings)) {
            assertThat(mapped(gateway.pid(), archive)).as("the second start maps the archive").isTrue();
            assertThat(gateway.lines()).noneMatch(line -> line.contains("[cds") || line.contains("shared archive"));
        }
    }

    @Test
    void an_archive_made_from_other_jars_is_made_again_instead_of_being_mapped_unused() throws Exception {
        Path dist = copyOfTheDistribution(work.resolve("dist"));
        Path archive = work.resolve("gateway.jsa");
        Map<String, String> settings = Map.of("JFAAS_GATEWAY_CLASS_ARCHIVE", archive.toString());
        try (GatewayProcess gateway = GatewayProcess.launch(dist, work, settings)) {
            assertThat(mapped(gateway.pid(), archive)).isFalse();
        }
        assertThat(magic(archive)).isEqualTo(DYNAMIC_ARCHIVE_MAGIC);

        // a rebuild: a jar the archive was made from is another file now
        Files.setLastModifiedTime(dist.resolve("gateway.jar"), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        try (GatewayProcess gateway = GatewayProcess.launch(dist, work, settings)) {
            // the JVM would map it (~25 MiB), find it stale, not use it and not replace it
            assertThat(mapped(gateway.pid(), archive)).as("the stale archive").isFalse();
        }
        assertThat(magic(archive)).isEqualTo(DYNAMIC_ARCHIVE_MAGIC);
        try (GatewayProcess gateway = GatewayProcess.launch(dist, work, settings)) {
            assertThat(mapped(gateway.pid(), archive)).as("the archive made again").isTrue();
        }
    }

    @Test
    void an_archive_cut_short_is_replaced_and_the_gateway_starts_without_a_warning() throws Exception {
        Path archive = work.resolve("gateway.jsa");
        Files.write(archive, new byte[4096]); // what a gateway killed while writing leaves: the header comes last
        Map<String, String> settings = Map.of("JFAAS_GATEWAY_CLASS_ARCHIVE", archive.toString());
        try (GatewayProcess gateway = GatewayProcess.launch(work, settings)) {
            assertThat(mapped(gateway.pid(), archive)).isFalse();
            assertThat(gateway.lines()).noneMatch(line -> line.contains("[cds") || line.contains("shared archive")
                    || line.contains("CDS"));
        }
        assertThat(magic(archive)).isEqualTo(DYNAMIC_ARCHIVE_MAGIC);
    }

    @Test
    void where_the_archive_cannot_be_written_the_gateway_starts_without_one_and_says_so() throws Exception {
        Path notAFolder = Files.writeString(work.resolve("file"), "x");
        Path archive = notAFolder.resolve("gateway.jsa");
        try (GatewayProcess gateway = GatewayProcess.launch(work, Map.of("JFAAS_GATEWAY_CLASS_ARCHIVE",
                archive.toString()))) {
            assertThat(commandLine(gateway.pid())).noneMatch(option -> option.contains("SharedArchive"));
            assertThat(gateway.lines()).anyMatch(line -> line.contains("starts without a class data archive")
                    && line.contains(notAFolder.toString()) && line.contains("JFAAS_GATEWAY_CLASS_ARCHIVE"));
        }
        assertThat(notAFolder).content().isEqualTo("x");
    }

    @Test
    void a_place_with_a_colon_which_the_jvm_would_split_in_two_starts_the_gateway_without_an_archive() throws Exception {
        Path archive = work.resolve("a:b").resolve("gateway.jsa");
        try (GatewayProcess gateway = GatewayProcess.launch(work, Map.of("JFAAS_GATEWAY_CLASS_ARCHIVE",
                archive.toString()))) {
            assertThat(commandLine(gateway.pid())).noneMatch(option -> option.contains("SharedArchive"));
            assertThat(gateway.lines()).anyMatch(line -> line.contains("starts without a class data archive")
                    && line.contains("may not contain ':'"));
        }
        assertThat(archive.getParent()).doesNotExist();
    }

    @Test
    void false_starts_the_gateway_without_an_archive() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.launch(work, Map.of("JFAAS_GATEWAY_CLASS_ARCHIVE", "false"))) {
            assertThat(commandLine(gateway.pid())).noneMatch(option -> option.contains("SharedArchive"));
            assertThat(gateway.lines()).noneMatch(line -> line.contains("class data archive"));
        }
    }

    @Test
    void the_default_folder_beside_the_jar_keeps_the_archive_of_the_jdk_in_use_only() throws Exception {
        Path folder = Path.of("target", "class-archive").toAbsolutePath();
        Files.createDirectories(folder);
        Path other = Files.writeString(folder.resolve("gateway-20.0.2+9.jsa"), "another JDK's archive");
        Path ours = folder.resolve("gateway-" + System.getProperty("java.runtime.version") + ".jsa");
        try (GatewayProcess gateway = GatewayProcess.launch(work, Map.of())) {
            assertThat(commandLine(gateway.pid())).contains("-XX:SharedArchiveFile=" + ours);
            assertThat(other).doesNotExist();
        }
        assertThat(magic(ours)).isEqualTo(DYNAMIC_ARCHIVE_MAGIC);
    }

    /** gateway.jar, lib/, watchdog/, jvm.options and the launcher, as the build put them in target/. */
    private static Path copyOfTheDistribution(Path dist) throws IOException {
        Path target = Path.of("target").toAbsolutePath();
        for (String folder : List.of("lib", "watchdog")) {
            Files.createDirectories(dist.resolve(folder));
            try (var files = Files.list(target.resolve(folder))) {
                for (Path file : files.toList()) {
                    Files.copy(file, dist.resolve(folder).resolve(file.getFileName()),
                            StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        for (String file : List.of("gateway.jar", "jvm.options", "gateway")) {
            Files.copy(target.resolve(file), dist.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
        }
        return dist;
    }

    private static List<String> commandLine(long pid) throws IOException {
        String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                StandardCharsets.UTF_8);
        return List.of(cmdline.split("\0"));
    }

    private static boolean mapped(long pid, Path file) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "maps")).stream()
                .anyMatch(line -> line.endsWith(" " + file));
    }

    private static int magic(Path archive) throws IOException {
        try (InputStream in = Files.newInputStream(archive)) {
            byte[] head = in.readNBytes(4);
            assertThat(head).as("the archive's first bytes").hasSize(4);
            return ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt();
        }
    }
}
