package io.jfaas.cli.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryCredentialsTest {

    @TempDir
    Path dir;

    @Test
    void reads_the_user_and_password_of_a_registry_from_the_home_docker_config() throws Exception {
        write(dir.resolve("home/.docker"), "{\"auths\": {\"ghcr.io\": {\"auth\": \"" + base64("me:pa:ss") + "\"}}}");

        assertThat(RegistryCredentials.forRegistry(context(Map.of()), "ghcr.io"))
                .contains(Map.entry("me", "pa:ss"));
        assertThat(RegistryCredentials.forRegistry(context(Map.of()), "quay.io")).isEmpty();
    }

    @Test
    void docker_config_names_another_folder_and_docker_hub_uses_its_index_key() throws Exception {
        write(dir.resolve("elsewhere"), "{\"auths\": {\"https://index.docker.io/v1/\": {\"auth\": \""
                + base64("hub:pw") + "\"}, \"https://localhost:5000\": {\"auth\": \"" + base64("local:pw") + "\"}}}");
        CliContext context = context(Map.of("DOCKER_CONFIG", dir.resolve("elsewhere").toString()));

        assertThat(RegistryCredentials.forRegistry(context, "registry-1.docker.io")).contains(Map.entry("hub", "pw"));
        assertThat(RegistryCredentials.forRegistry(context, "localhost:5000")).contains(Map.entry("local", "pw"));
    }

    @Test
    void no_config_file_means_no_credentials() {
        assertThat(RegistryCredentials.forRegistry(context(Map.of()), "ghcr.io")).isEmpty();
    }

    @Test
    void an_auth_that_is_not_base64_of_user_and_password_is_an_error_naming_the_file_and_key() throws Exception {
        write(dir.resolve("home/.docker"), "{\"auths\": {\"ghcr.io\": {\"auth\": \"" + base64("no-colon") + "\"}}}");

        assertThatThrownBy(() -> RegistryCredentials.forRegistry(context(Map.of()), "ghcr.io"))
                .isInstanceOf(CliFailure.class)
                .hasMessage(dir.resolve("home/.docker/config.json") + ": auths.ghcr.io.auth is not base64 of"
                        + " user:password");
    }

    private CliContext context(Map<String, String> env) {
        return new CliContext(env, dir, dir.resolve("home"), new ByteArrayInputStream(new byte[0]), false,
                new ByteArrayOutputStream());
    }

    private static void write(Path folder, String json) throws Exception {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("config.json"), json);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
