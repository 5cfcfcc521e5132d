package io.jfaas.cli.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ClassFileUpgradeTest {

    @TempDir
    Path work;

    @Test
    void picoclis_java_5_classes_become_java_8_classes_that_the_jvm_verifies_and_runs() throws Exception {
        Path original = Path.of(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = Files.copy(original, work.resolve("picocli.jar"), StandardCopyOption.REPLACE_EXISTING);
        assertThat(majorVersions(jar)).contains(49);

        int upgraded = ClassFileUpgrade.upgrade(jar);

        assertThat(upgraded).isGreaterThan(100);
        assertThat(majorVersions(jar)).allMatch(major -> major == 52 || major >= 53);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            // a fresh loader links (and so verifies) the rewritten classes; then picocli parses a command line
            Class<?> commandLine = Class.forName("picocli.CommandLine", true, loader);
            assertThat(commandLine.getClassLoader()).isSameAs(loader);
            Class<?> spec = Class.forName("picocli.CommandLine$Model$CommandSpec", true, loader);
            Object command = spec.getMethod("create").invoke(null);
            Class<?> option = Class.forName("picocli.CommandLine$Model$OptionSpec", true, loader);
            Object builder = option.getMethod("builder", String.class, String[].class).invoke(null, "-v",
                    new String[0]);
            Object built = builder.getClass().getMethod("build").invoke(builder);
            spec.getMethod("addOption", option).invoke(command, built);
            Object line = commandLine.getConstructor(Object.class).newInstance(command);
            Object result = commandLine.getMethod("parseArgs", String[].class).invoke(line,
                    (Object) new String[] {"-v"});
            assertThat(result.getClass().getMethod("hasMatchedOption", String.class).invoke(result, "-v"))
                    .isEqualTo(true);
        }
    }

    @Test
    void upgrading_twice_changes_nothing_more() throws Exception {
        Path original = Path.of(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = Files.copy(original, work.resolve("picocli.jar"), StandardCopyOption.REPLACE_EXISTING);
        ClassFileUpgrade.upgrade(jar);
        byte[] once = Files.readAllBytes(jar);

        assertThat(ClassFileUpgrade.upgrade(jar)).isZero();
        assertThat(Files.readAllBytes(jar)).isEqualTo(once);
    }

    private static List<Integer> majorVersions(Path jar) throws IOException {
        List<Integer> versions = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (var entry : file.stream().filter(e -> e.getName().endsWith(".class")
                    && !e.getName().contains("module-info")).toList()) {
                try (InputStream in = file.getInputStream(entry)) {
                    byte[] head = in.readNBytes(8);
                    versions.add(((head[6] & 0xFF) << 8) | (head[7] & 0xFF));
                }
            }
        }
        return versions;
    }
}
