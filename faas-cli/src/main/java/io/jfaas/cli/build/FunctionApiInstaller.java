package io.jfaas.cli.build;

import io.jfaas.cli.CliFailure;
import io.jfaas.cli.Version;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Makes sure the local Maven repository holds the function API this CLI was built with, so a function project
 * builds with nothing but Maven Central and the local repository, even where jfaas itself was never installed there.
 * The CLI carries the jar; when the repository's copy is missing or differs, it installs its own.
 */
final class FunctionApiInstaller {

    static final String GROUP = "io.jfaas";
    static final String ARTIFACT = "function-api";
    private static final String API_CLASS = "io.jfaas.function.FunctionHandler";

    private final MavenRunner maven;

    FunctionApiInstaller(MavenRunner maven) {
        this.maven = maven;
    }

    /** Installs the function API when needed; says so on {@code progress}. */
    void ensureInstalled(Consumer<String> progress) throws IOException {
        Path bundled = bundledJar();
        String version = Version.version();
        Path repository = maven.localRepository();
        Path dir = repository.resolve(GROUP.replace('.', '/')).resolve(ARTIFACT).resolve(version);
        if (isInstalled(bundled, dir, repository, version)) {
            return;
        }
        progress.accept("Installing " + GROUP + ":" + ARTIFACT + ":" + version + " into " + repository);
        // A POM of its own: the one inside the jar names jfaas's parent POM, which need not be installed.
        Path pom = Files.createTempFile("function-api", ".pom");
        Files.writeString(pom, """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>%s</groupId>
                  <artifactId>%s</artifactId>
                  <version>%s</version>
                  <packaging>jar</packaging>
                  <description>The jfaas function API, installed by faas-cli</description>
                </project>
                """.formatted(GROUP, ARTIFACT, version));
        List<String> output = new ArrayList<>();
        int exit;
        try {
            exit = maven.run(bundled.getParent(), List.of(
                    "org.apache.maven.plugins:maven-install-plugin:3.1.4:install-file",
                    "-Dfile=" + bundled,
                    "-DpomFile=" + pom), output::add);
        } finally {
            Files.deleteIfExists(pom);
        }
        if (exit != 0) {
            throw new CliFailure("cannot install " + ARTIFACT + " into the local Maven repository (exit code " + exit
                    + "):\n" + String.join("\n", output.subList(Math.max(0, output.size() - 20), output.size())));
        }
    }

    /** The same jar, and a POM whose parent (if it names one) is there too. */
    private static boolean isInstalled(Path bundled, Path dir, Path repository, String version) throws IOException {
        Path jar = dir.resolve(ARTIFACT + "-" + version + ".jar");
        Path pom = dir.resolve(ARTIFACT + "-" + version + ".pom");
        if (!Files.isRegularFile(jar) || Files.mismatch(jar, bundled) != -1 || !Files.isRegularFile(pom)) {
            return false;
        }
        if (!Files.readString(pom).contains("<parent>")) {
            return true;
        }
        return Files.isRegularFile(repository.resolve(GROUP.replace('.', '/')).resolve("jfaas-parent").resolve(version)
                .resolve("jfaas-parent-" + version + ".pom"));
    }

    private static Path bundledJar() {
        try {
            Class<?> api = Class.forName(API_CLASS, false, FunctionApiInstaller.class.getClassLoader());
            Path jar = Path.of(api.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(jar)) {
                throw new CliFailure("the function API is not packaged as a jar here (" + jar + "): run the CLI"
                        + " from its build (faas-cli/target) or the bin/faas-cli launcher");
            }
            return jar;
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new CliFailure("this faas-cli is missing the function API (" + API_CLASS + "): reinstall it");
        }
    }
}
