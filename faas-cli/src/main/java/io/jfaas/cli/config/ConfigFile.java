package io.jfaas.cli.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * {@code config.yml} in {@code $OPENFAAS_CONFIG}, else {@code ./.openfaas} when {@code CI} is true, else
 * {@code ~/.openfaas}: one entry per gateway, {@code auth: basic} with {@code token: base64(user:password)}. The
 * directory is made 0700 and the file 0600.
 */
public final class ConfigFile {

    static final String FILE_NAME = "config.yml";

    /**
     * The YAML mapper, for writing the file, made on first use. Reading (every call with saved credentials) goes
     * through YAML's streaming parser instead: the mapper's data binding is built by reflection at every start.
     */
    private static final class Yaml {
        static final YAMLMapper MAPPER = YAMLMapper.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .build();
    }

    private final Path file;
    private final boolean ci;

    private ConfigFile(Path file, boolean ci) {
        this.file = file;
        this.ci = ci;
    }

    /** The config file for this user and environment. */
    public static ConfigFile of(CliContext context) {
        String override = context.env("OPENFAAS_CONFIG");
        String ciFlag = context.env("CI");
        boolean ci = "true".equalsIgnoreCase(ciFlag) || "1".equals(ciFlag);
        Path dir = override != null ? context.resolve(override)
                : ci ? context.resolve(".openfaas") : context.home().resolve(".openfaas");
        return new ConfigFile(dir.resolve(FILE_NAME), ci);
    }

    public Path path() {
        return file;
    }

    /** The basic-auth credentials saved for exactly this gateway URL. */
    public Optional<BasicCredentials> credentials(String gateway) {
        return read().auths().stream()
                .filter(entry -> gateway.equals(entry.gateway()))
                .findFirst()
                .flatMap(ConfigFile::decode);
    }

    /** Saves (or replaces) the entry for this gateway. */
    public void save(String gateway, BasicCredentials credentials) throws IOException {
        Config config = read();
        String token = Base64.getEncoder().encodeToString(
                (credentials.user() + ":" + credentials.password()).getBytes(StandardCharsets.UTF_8));
        AuthEntry entry = new AuthEntry(gateway, "basic", token, null);
        List<AuthEntry> auths = new ArrayList<>(config.auths());
        int index = indexOf(auths, gateway);
        if (index >= 0) {
            auths.set(index, entry);
        } else {
            auths.add(entry);
        }
        write(new Config(auths));
    }

    /** Removes the entry for this gateway; false when there was none. */
    public boolean remove(String gateway) throws IOException {
        if (!Files.exists(file)) {
            throw new CliFailure("config file not found");
        }
        Config config = read();
        List<AuthEntry> auths = new ArrayList<>(config.auths());
        int index = indexOf(auths, gateway);
        if (index < 0) {
            return false;
        }
        auths.remove(index);
        write(new Config(auths));
        return true;
    }

    private Config read() {
        if (!Files.isRegularFile(file)) {
            return new Config(List.of());
        }
        try (JsonParser parser = new YAMLFactory().createParser(file.toFile())) {
            return readConfig(parser);
        } catch (IOException | RuntimeException e) {
            throw new CliFailure("invalid auth config file " + file + ": " + e.getMessage());
        }
    }

    /** The file as the mapper reads it into {@link Config}: unknown keys skipped, an empty file as no entries. */
    private static Config readConfig(JsonParser parser) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null || token == JsonToken.VALUE_NULL) {
            return new Config(List.of());
        }
        expect(parser, token, JsonToken.START_OBJECT);
        List<AuthEntry> auths = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            token = parser.nextToken();
            if (field.equals("auths") && token != JsonToken.VALUE_NULL) {
                expect(parser, token, JsonToken.START_ARRAY);
                auths = new ArrayList<>();
                while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                    auths.add(token == JsonToken.VALUE_NULL ? null : readEntry(parser));
                }
            } else {
                parser.skipChildren();
            }
        }
        return new Config(auths);
    }

    private static AuthEntry readEntry(JsonParser parser) throws IOException {
        expect(parser, parser.currentToken(), JsonToken.START_OBJECT);
        String gateway = null;
        String auth = null;
        String token = null;
        List<Option> options = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "gateway" -> gateway = text(parser);
                case "auth" -> auth = text(parser);
                case "token" -> token = text(parser);
                case "options" -> {
                    if (value != JsonToken.VALUE_NULL) {
                        expect(parser, value, JsonToken.START_ARRAY);
                        options = new ArrayList<>();
                        while ((value = parser.nextToken()) != JsonToken.END_ARRAY) {
                            options.add(value == JsonToken.VALUE_NULL ? null : readOption(parser));
                        }
                    }
                }
                default -> parser.skipChildren();
            }
        }
        return new AuthEntry(gateway, auth, token, options);
    }

    private static Option readOption(JsonParser parser) throws IOException {
        expect(parser, parser.currentToken(), JsonToken.START_OBJECT);
        String name = null;
        String value = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "name" -> name = text(parser);
                case "value" -> value = text(parser);
                default -> parser.skipChildren();
            }
        }
        return new Option(name, value);
    }

    /** A scalar as text (YAML's scalars all are), null for null. */
    private static String text(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!token.isScalarValue()) {
            throw new IOException("expected a value at " + parser.currentName() + ", found " + token);
        }
        return parser.getText();
    }

    private static void expect(JsonParser parser, JsonToken found, JsonToken expected) throws IOException {
        if (found != expected) {
            throw new IOException("expected " + (expected == JsonToken.START_ARRAY ? "a list" : "a mapping")
                    + (parser.currentName() == null ? "" : " at " + parser.currentName()) + ", found " + found);
        }
    }

    private void write(Config config) throws IOException {
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString(ci ? "rwxr--r--" : "rwx------")));
        }
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(file, Yaml.MAPPER.writeValueAsString(config), StandardCharsets.UTF_8);
    }

    private static int indexOf(List<AuthEntry> auths, String gateway) {
        for (int i = 0; i < auths.size(); i++) {
            if (gateway.equals(auths.get(i).gateway())) {
                return i;
            }
        }
        return -1;
    }

    private static Optional<BasicCredentials> decode(AuthEntry entry) {
        if (!"basic".equals(entry.auth()) || entry.token() == null) {
            return Optional.empty();
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(entry.token().trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new CliFailure("invalid auth config file: the token for " + entry.gateway() + " is not base64");
        }
        int colon = pair.indexOf(':');
        if (colon < 0) {
            throw new CliFailure("invalid auth config file");
        }
        return Optional.of(new BasicCredentials(pair.substring(0, colon), pair.substring(colon + 1)));
    }

    /**
     * A user and password for a gateway.
     *
     * @param user the user
     * @param password the password
     */
    public record BasicCredentials(String user, String password) {
        @Override
        public String toString() {
            return "BasicCredentials[user=" + user + ", password=***]";
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Config(List<AuthEntry> auths) {
        Config {
            auths = auths == null ? List.of() : List.copyOf(auths);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record AuthEntry(String gateway, String auth, String token, List<Option> options) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Option(String name, String value) {
    }
}
