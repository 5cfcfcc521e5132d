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
        Path installed = maven.localRepository().resolve(GROUP.replace('.', '/')).resolve(ARTIFACT).resolve(version)
                .resolve(ARTIFACT + "-" + version + ".jar");
        if (Files.isRegularFile(installed) && Files.mismatch(installed, bundled) == -1) {
            return;
        }
        progress.accept("Installing " + GROUP + ":" + ARTIFACT + ":" + version + " into " + maven.localRepository());
        List<String> output = new ArrayList<>();
        int exit = maven.run(bundled.getParent(), List.of(
                "org.apache.maven.plugins:maven-install-plugin:3.1.4:install-file",
                "-Dfile=" + bundled,
                "-DgroupId=" + GROUP,
                "-DartifactId=" + ARTIFACT,
                "-Dversion=" + version,
                "-Dpackaging=jar"), output::add);
        if (exit != 0) {
            throw new CliFailure("cannot install " + ARTIFACT + " into the local Maven repository (exit code " + exit
                    + "):\n" + String.join("\n", output.subList(Math.max(0, output.size() - 20), output.size())));
        }
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
