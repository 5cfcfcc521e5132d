package io.jfaas.cli.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.SerializationFeature;
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

    /** The YAML mapper, made on first use: a call without a config file (most calls) never builds one. */
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
        try {
            Config config = Yaml.MAPPER.readValue(file.toFile(), Config.class);
            return config == null ? new Config(List.of()) : config;
        } catch (IOException e) {
            throw new CliFailure("invalid auth config file " + file + ": " + e.getMessage());
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
