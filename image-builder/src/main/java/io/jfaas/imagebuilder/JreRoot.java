package io.jfaas.imagebuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The file system of the images' base, made from scratch on this machine (nothing can be pulled): a Java runtime
 * {@code jlink}ed from a JDK, the shared libraries it needs (found with {@code ldd}) copied from the host, and
 * {@code /etc/passwd}, {@code /etc/group}, a home and {@code /tmp} for the unprivileged user.
 *
 * <p>Made once into a folder and reused while it exists (for the same JDK and modules), so every image of a build has
 * the same runtime files.
 *
 * @param root the folder: {@code root/opt/java/openjdk}, {@code root/lib/...}, {@code root/etc/passwd}, ...
 */
public record JreRoot(Path root) {

    /**
     * The modules the gateway, the operator and the watchdog need (checked with {@code jdeps}), plus DNS, TLS
     * and JMX pieces libraries load by name.
     */
    public static final List<String> MODULES = List.of("java.base", "java.logging", "java.management",
            "java.naming", "java.compiler", "java.net.http", "java.security.jgss", "java.sql", "java.xml", "java.desktop",
            "jdk.httpserver", "jdk.management", "jdk.naming.dns", "jdk.unsupported", "jdk.crypto.ec",
            "jdk.zipfs", "java.instrument", "jdk.jfr");

    private static final Pattern LDD_LINE = Pattern.compile("(?:=>\\s*)?(/\\S+)\\s+\\(0x");

    /** The runtime's folder inside the root. */
    public Path javaHome() {
        return root.resolve(ImageLayout.JAVA_HOME.substring(1));
    }

    /**
     * Makes the root unless it is already there.
     *
     * @param jdk the JDK to {@code jlink} from (one whose runtime can be linked, e.g. Temurin 25)
     * @param folder where the root goes
     */
    public static JreRoot createIfMissing(Path jdk, Path folder) throws IOException {
        JreRoot jre = new JreRoot(folder);
        // what the root was made from: another JDK or module list makes it again
        String madeFrom = jdk.toRealPath() + "\n" + Files.readString(jdk.resolve("release"), StandardCharsets.UTF_8)
                + "\n" + String.join(",", MODULES);
        Path complete = folder.resolve(".complete");
        if (Files.isRegularFile(complete) && Files.readString(complete, StandardCharsets.UTF_8).equals(madeFrom)) {
            return jre;
        }
        deleteTree(folder);
        Files.createDirectories(jre.javaHome().getParent());
        run(List.of(jdk.resolve("bin/jlink").toString(), "--add-modules", String.join(",", MODULES),
                "--strip-debug", "--no-header-files", "--no-man-pages", "--output", jre.javaHome().toString()));
        for (String library : sharedLibraries(jre.javaHome())) {
            Path target = folder.resolve(library.substring(1));
            Files.createDirectories(target.getParent());
            Files.copy(Path.of(library), target, StandardCopyOption.REPLACE_EXISTING);
        }
        Path etc = Files.createDirectories(folder.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/sbin/nologin\n"
                + ImageLayout.USER_NAME + ":x:" + ImageLayout.UID + ":" + ImageLayout.UID + ":" + ImageLayout.USER_NAME
                + ":" + ImageLayout.HOME + ":/sbin/nologin\n", StandardCharsets.UTF_8);
        Files.writeString(etc.resolve("group"), "root:x:0:\n" + ImageLayout.USER_NAME + ":x:" + ImageLayout.UID + ":\n",
                StandardCharsets.UTF_8);
        Files.writeString(etc.resolve("nsswitch.conf"), "passwd: files\ngroup: files\nhosts: files dns\n",
                StandardCharsets.UTF_8);
        Files.createDirectories(folder.resolve(ImageLayout.HOME.substring(1)));
        Files.createDirectories(folder.resolve("tmp"));
        Files.writeString(complete, madeFrom, StandardCharsets.UTF_8);
        return jre;
    }

    /** Every shared library (by the path the loader uses) the runtime's programs and libraries need. */
    static Set<String> sharedLibraries(Path javaHome) throws IOException {
        List<Path> binaries = new ArrayList<>();
        try (Stream<Path> files = Files.walk(javaHome)) {
            files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> p.toString().endsWith(".so") || p.getParent().getFileName().toString().equals("bin"))
                    .sorted().forEach(binaries::add);
        }
        Set<String> libraries = new TreeSet<>();
        for (Path binary : binaries) {
            for (String line : run(List.of("ldd", binary.toString()))) {
                Matcher m = LDD_LINE.matcher(line);
                if (m.find() && !m.group(1).startsWith(javaHome.toString())) {
                    libraries.add(m.group(1));
                }
            }
        }
        return libraries;
    }

    private static List<String> run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines;
        try (var reader = process.inputReader(StandardCharsets.UTF_8)) {
            lines = reader.lines().toList();
        }
        try {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException(command.getFirst() + " did not finish in 5 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.getFirst(), e);
        }
        // ldd exits 1 for files that are not dynamic executables (scripts, static files): their lines say so
        if (process.exitValue() != 0 && !command.getFirst().equals("ldd")) {
            throw new IOException(String.join(" ", command) + " failed (exit " + process.exitValue() + "):\n"
                    + String.join("\n", lines));
        }
        return lines;
    }

    static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
