package io.jfaas.cli.stack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jfaas.cli.CliFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/** Reads and checks stack files; every problem is a {@link CliFailure} that names the file, the key and the fix. */
public final class StackLoader {

    /** The YAML mapper, made on first use: a call in a folder without a stack file never builds one. */
    private static final class Yaml {
        static final YAMLMapper MAPPER = YAMLMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    private StackLoader() {
    }

    /**
     * The stack file a command uses: {@code -f} if given, else {@code stack.yaml}, else {@code stack.yml}, else
     * none.
     */
    public static Optional<Path> locate(Path workingDir, String flag) {
        if (flag != null && !flag.isBlank()) {
            return Optional.of(workingDir.resolve(flag));
        }
        for (String name : new String[] {"stack.yaml", "stack.yml"}) {
            Path candidate = workingDir.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Reads a stack file, substituting {@code ${VAR}} first when {@code envsubst} is on. */
    public static StackFile load(Path file, Map<String, String> env, boolean envsubst) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliFailure("open " + file.getFileName() + ": no such file or directory");
        } catch (IOException e) {
            throw new CliFailure("cannot read " + file + ": " + e.getMessage());
        }
        return parse(file.getFileName().toString(), envsubst ? Envsubst.apply(text, env) : text);
    }

    /** Parses stack file text; {@code name} appears in error messages. */
    public static StackFile parse(String name, String text) {
        StackFile stack;
        try {
            stack = Yaml.MAPPER.readValue(text, StackFile.class);
        } catch (UnrecognizedPropertyException e) {
            String full = path(e);
            String where = full.contains(".") ? full.substring(0, full.lastIndexOf('.')) : "";
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(Object::toString).collect(Collectors.toCollection(TreeSet::new)).stream()
                    .collect(Collectors.joining(", "));
            throw new CliFailure(name + ": unknown key \"" + e.getPropertyName() + "\""
                    + (where.isEmpty() ? "" : " in " + where)
                    + (known.isEmpty() ? "" : " (known keys: " + known + ")"));
        } catch (JsonMappingException e) {
            throw new CliFailure(name + ": " + path(e) + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            String line = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new CliFailure("Error with YAML file " + name + ": " + e.getOriginalMessage() + line);
        }
        if (stack == null) {
            throw new CliFailure(name + " is empty: a stack file needs provider and functions");
        }
        String provider = stack.provider() == null || stack.provider().name() == null ? "" : stack.provider().name();
        if (!provider.equals("openfaas")) {
            throw new CliFailure("['openfaas'] is the only valid \"provider.name\" for the OpenFaaS CLI, but you gave: "
                    + provider);
        }
        if (stack.version() != null && !stack.version().isBlank() && !stack.version().equals("1.0")) {
            throw new CliFailure("[1.0] are the only valid versions for the stack file - found: " + stack.version());
        }
        stack.functions().forEach((function, settings) -> {
            if (settings == null) {
                throw new CliFailure(name + ": function " + function + " has no settings: give at least lang,"
                        + " handler and image");
            }
        });
        return stack;
    }

    /** The functions {@code --filter} (a glob) or {@code --regex} select; all of them when neither is given. */
    public static Map<String, StackFile.StackFunction> select(StackFile stack, String filter, String regex) {
        boolean hasFilter = filter != null && !filter.isBlank();
        boolean hasRegex = regex != null && !regex.isBlank();
        if (hasFilter && hasRegex) {
            throw new CliFailure("pass in a regex or a filter, not both");
        }
        if (!hasFilter && !hasRegex) {
            return stack.functions();
        }
        Pattern pattern;
        try {
            pattern = hasRegex ? Pattern.compile(regex)
                    : Pattern.compile(("\\Q" + filter + "\\E").replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q"));
        } catch (PatternSyntaxException e) {
            throw new CliFailure("invalid --regex: " + e.getDescription());
        }
        Map<String, StackFile.StackFunction> selected = new LinkedHashMap<>();
        stack.functions().forEach((name, function) -> {
            boolean matches = hasRegex ? pattern.matcher(name).find() : pattern.matcher(name).matches();
            if (matches) {
                selected.put(name, function);
            }
        });
        if (selected.isEmpty()) {
            throw new CliFailure("no functions matching --filter/--regex were found in the YAML file");
        }
        return selected;
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
