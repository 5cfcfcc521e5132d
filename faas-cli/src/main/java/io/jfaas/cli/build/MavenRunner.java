package io.jfaas.cli.build;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs Maven for builds: {@code $JFAAS_MAVEN}, else {@code mvn} on the PATH, in batch mode, on the JDK this CLI runs
 * on (a JDK of 21 or later, which the function template needs, even where the machine's default java is older).
 */
final class MavenRunner {

    static final String MAVEN_ENV = "JFAAS_MAVEN";
    private static final Pattern REPO_LOCAL = Pattern.compile("-Dmaven\\.repo\\.local=(\\S+)");
    private static final Pattern SETTINGS_REPO = Pattern.compile("<localRepository>\\s*([^<]+?)\\s*</localRepository>");

    private final CliContext context;

    MavenRunner(CliContext context) {
        this.context = context;
    }

    /** The mvn executable, or a failure that says how to get one. */
    Path executable() {
        String configured = context.env(MAVEN_ENV);
        if (configured != null) {
            Path path = context.resolve(configured);
            if (Files.isExecutable(path)) {
                return path;
            }
            throw new CliFailure(MAVEN_ENV + "=" + configured + " is not an executable file");
        }
        String pathVar = Optional.ofNullable(context.env("PATH")).orElse("");
        for (String dir : pathVar.split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                Path candidate = Path.of(dir, "mvn");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new CliFailure("Maven is needed to build Java functions and mvn is not on the PATH: install Maven 3.8 or"
                + " newer (on Debian: apt-get install maven), or set " + MAVEN_ENV + " to the mvn to use");
    }

    /** Runs Maven in {@code dir}; every output line goes to {@code lines}. Returns the exit code. */
    int run(Path dir, List<String> arguments, Consumer<String> lines) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(executable().toString());
        command.add("--batch-mode");
        command.add("--no-transfer-progress");
        command.add("-Dstyle.color=never");
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(context.env());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        if (Runtime.version().feature() >= 24) {
            // Maven 3.8/3.9's Guava uses sun.misc.Unsafe, which newer JDKs warn about on every run
            String opts = env.getOrDefault("MAVEN_OPTS", "");
            env.put("MAVEN_OPTS", (opts + " --sun-misc-unsafe-memory-access=allow").strip());
        }
        Process process = builder.start();
        process.getOutputStream().close();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.accept(line);
            }
        }
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while Maven ran", e);
        }
    }

    /**
     * The local repository Maven will use: {@code -Dmaven.repo.local} in MAVEN_OPTS or MAVEN_ARGS, else
     * {@code <localRepository>} in {@code ~/.m2/settings.xml}, else {@code ~/.m2/repository} (Maven's home is the
     * JVM's user.home, as this process's is).
     */
    Path localRepository() {
        for (String variable : new String[] {"MAVEN_ARGS", "MAVEN_OPTS"}) {
            String value = context.env(variable);
            if (value != null) {
                Matcher matcher = REPO_LOCAL.matcher(value);
                if (matcher.find()) {
                    return context.resolve(matcher.group(1));
                }
            }
        }
        Path m2 = Path.of(System.getProperty("user.home"), ".m2");
        Path settings = m2.resolve("settings.xml");
        if (Files.isRegularFile(settings)) {
            try {
                Matcher matcher = SETTINGS_REPO.matcher(Files.readString(settings));
                if (matcher.find()) {
                    return Path.of(matcher.group(1).replace("${user.home}", System.getProperty("user.home")));
                }
            } catch (IOException e) {
                // an unreadable settings.xml is Maven's problem to report; assume the default
            }
        }
        return m2.resolve("repository");
    }
}
