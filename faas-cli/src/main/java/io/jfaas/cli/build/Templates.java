package io.jfaas.cli.build;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jfaas.cli.CliFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The templates {@code new} and {@code build} can use: those in {@code ./template/LANG/} (as faas-cli pulls them)
 * and, under them, the ones shipped inside the CLI ({@code templates/LANG/} on the classpath), so {@code new} works
 * offline.
 */
public final class Templates {

    static final String TEMPLATE_FILE = "template.yml";
    private static final YAMLMapper YAML = new YAMLMapper();

    private final Map<String, Template> byLanguage;

    private Templates(Map<String, Template> byLanguage) {
        this.byLanguage = Collections.unmodifiableMap(byLanguage);
    }

    /** The templates for a working directory: local ones win over shipped ones of the same name. */
    public static Templates forWorkingDir(Path workingDir) {
        Map<String, Template> templates = new TreeMap<>(shippedByLanguage());
        templates.putAll(inFolder(workingDir.resolve("template")));
        return new Templates(templates);
    }

    /** The templates shipped inside the CLI alone. */
    public static Templates shipped() {
        return new Templates(shippedByLanguage());
    }

    /** Language names, sorted. */
    public Iterable<String> languages() {
        return byLanguage.keySet();
    }

    public Optional<Template> find(String language) {
        return Optional.ofNullable(byLanguage.get(language));
    }

    /** The template for {@code language}, or a failure that lists what there is. */
    public Template require(String language) {
        return find(language).orElseThrow(() -> new CliFailure("template: \"" + language + "\" was not found in the"
                + " templates folder or in the CLI; available: " + String.join(", ", byLanguage.keySet())));
    }

    private static Map<String, Template> shippedByLanguage() {
        Map<String, Template> templates = new TreeMap<>();
        try {
            Enumeration<URL> roots = Templates.class.getClassLoader().getResources("templates");
            while (roots.hasMoreElements()) {
                templates.putAll(inFolder(pathOf(roots.nextElement().toURI())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the templates shipped with the CLI", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("a classpath URL is not a URI", e);
        }
        return templates;
    }

    private static Path pathOf(URI uri) throws IOException {
        if (!"jar".equals(uri.getScheme())) {
            return Path.of(uri);
        }
        FileSystem jar;
        try {
            jar = FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
            jar = FileSystems.getFileSystem(uri);
        }
        return jar.provider().getPath(uri);
    }

    private static Map<String, Template> inFolder(Path folder) {
        Map<String, Template> templates = new TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return templates;
        }
        try (Stream<Path> children = Files.list(folder)) {
            for (Path dir : children.sorted().toList()) {
                Path file = dir.resolve(TEMPLATE_FILE);
                if (Files.isRegularFile(file)) {
                    String name = dir.getFileName().toString().replace("/", "");
                    templates.put(name, read(name, dir, file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list templates in " + folder, e);
        }
        return templates;
    }

    private static Template read(String name, Path dir, Path file) {
        try {
            TemplateFile parsed = YAML.readValue(Files.readString(file), TemplateFile.class);
            String language = parsed.language() == null || parsed.language().isBlank() ? name : parsed.language();
            return new Template(language, parsed.fprocess() == null ? "" : parsed.fprocess().trim(),
                    parsed.welcomeMessage() == null ? "" : parsed.welcomeMessage().strip(),
                    parsed.handlerFolder() == null || parsed.handlerFolder().isBlank() ? "function"
                            : parsed.handlerFolder(), dir);
        } catch (IOException e) {
            throw new CliFailure("error reading language template: " + file + ": " + e.getMessage());
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TemplateFile(String language, String fprocess,
                        @JsonProperty("welcome_message") String welcomeMessage,
                        @JsonProperty("handler_folder") String handlerFolder) {
    }
}
