package io.jfaas.cli.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Registry credentials from Docker's client configuration, as {@code docker login} writes them:
 * {@code $DOCKER_CONFIG/config.json} (default {@code ~/.docker/config.json}), {@code auths.REGISTRY.auth}, base64 of
 * {@code user:password}. Credential helpers ({@code credsStore}) are not read.
 */
public final class RegistryCredentials {

    private static final String DOCKER_HUB = "registry-1.docker.io";

    private RegistryCredentials() {
    }

    /** The config file this context reads. */
    public static Path configFile(CliContext context) {
        String dir = context.env("DOCKER_CONFIG");
        return dir != null ? context.resolve(dir).resolve("config.json")
                : context.home().resolve(".docker").resolve("config.json");
    }

    /** The user and password for a registry (e.g. {@code ghcr.io}, {@code localhost:5000}), if any are stored. */
    public static Optional<Map.Entry<String, String>> forRegistry(CliContext context, String registry) {
        Path file = configFile(context);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode auths;
        try {
            auths = new ObjectMapper().readTree(file.toFile()).path("auths");
        } catch (IOException e) {
            throw new CliFailure("cannot read " + file + ": " + e.getMessage());
        }
        List<String> keys = registry.equals(DOCKER_HUB) || registry.equals("docker.io")
                ? List.of("https://index.docker.io/v1/", "index.docker.io", "docker.io")
                : List.of(registry, "https://" + registry, "http://" + registry, "https://" + registry + "/v1/",
                        "https://" + registry + "/v2/");
        for (String key : keys) {
            String auth = auths.path(key).path("auth").asText("");
            if (!auth.isEmpty()) {
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new CliFailure(file + ": auths." + key + ".auth is not base64 of user:password");
                }
                int colon = decoded.indexOf(':');
                if (colon < 0) {
                    throw new CliFailure(file + ": auths." + key + ".auth is not base64 of user:password");
                }
                return Optional.of(Map.entry(decoded.substring(0, colon), decoded.substring(colon + 1)));
            }
        }
        return Optional.empty();
    }
}
