package io.jfaas.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import io.jfaas.cli.config.ConfigFile.BasicCredentials;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

    @TempDir
    Path home;

    @TempDir
    Path work;

    @Test
    void saves_in_the_go_faas_cli_format_readable_by_the_owner_only() throws Exception {
        ConfigFile config = ConfigFile.of(context(Map.of()));

        config.save("http://127.0.0.1:8080", new BasicCredentials("admin", "secret"));

        Path file = home.resolve(".openfaas/config.yml");
        assertThat(config.path()).isEqualTo(file);
        assertThat(Files.readString(file)).isEqualTo("""
                auths:
                  - gateway: http://127.0.0.1:8080
                    auth: basic
                    token: YWRtaW46c2VjcmV0
                """);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
    }

    @Test
    void reads_back_the_credentials_of_exactly_that_gateway() throws Exception {
        ConfigFile config = ConfigFile.of(context(Map.of()));
        config.save("http://a:8080", new BasicCredentials("admin", "one"));
        config.save("http://b:8080", new BasicCredentials("root", "two:with:colons"));

        assertThat(config.credentials("http://a:8080")).hasValue(new BasicCredentials("admin", "one"));
        assertThat(config.credentials("http://b:8080")).hasValue(new BasicCredentials("root", "two:with:colons"));
        assertThat(config.credentials("http://c:8080")).isEmpty();
    }

    @Test
    void saving_again_replaces_the_entry_in_place() throws Exception {
        ConfigFile config = ConfigFile.of(context(Map.of()));
        config.save("http://a:8080", new BasicCredentials("admin", "one"));
        config.save("http://b:8080", new BasicCredentials("admin", "two"));

        config.save("http://a:8080", new BasicCredentials("admin", "three"));

        assertThat(config.credentials("http://a:8080")).hasValue(new BasicCredentials("admin", "three"));
        assertThat(Files.readString(config.path()).indexOf("http://a:8080"))
                .isLessThan(Files.readString(config.path()).indexOf("http://b:8080"));
    }

    @Test
    void reads_a_file_the_go_cli_wrote_with_options_and_oauth_entries() throws Exception {
        Path file = home.resolve(".openfaas/config.yml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                auths:
                - gateway: https://sso.example.com
                  auth: oauth2
                  token: eyJhbGciOi
                  options:
                  - name: refresh
                    value: x
                - gateway: http://127.0.0.1:8080
                  auth: basic
                  token: YWRtaW46c2VjcmV0
                """);

        ConfigFile config = ConfigFile.of(context(Map.of()));

        assertThat(config.credentials("http://127.0.0.1:8080")).hasValue(new BasicCredentials("admin", "secret"));
        assertThat(config.credentials("https://sso.example.com")).isEmpty();
    }

    @Test
    void saving_keeps_the_other_entries_with_their_options_and_skips_unknown_keys() throws Exception {
        Path file = home.resolve(".openfaas/config.yml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                future: {a: [1, 2]}
                auths:
                - gateway: https://sso.example.com
                  auth: oauth2
                  token: eyJhbGciOi
                  expires: 2026-01-01
                  options:
                  - name: refresh
                    value: x
                """);
        ConfigFile config = ConfigFile.of(context(Map.of()));

        config.save("http://127.0.0.1:8080", new BasicCredentials("admin", "secret"));

        assertThat(Files.readString(file)).contains("gateway: https://sso.example.com").contains("name: refresh")
                .contains("value: x").contains("gateway: http://127.0.0.1:8080").doesNotContain("future")
                .doesNotContain("expires");
        assertThat(config.credentials("http://127.0.0.1:8080")).hasValue(new BasicCredentials("admin", "secret"));
    }

    @Test
    void an_empty_file_has_no_credentials_and_a_malformed_one_is_named() throws Exception {
        Path file = home.resolve(".openfaas/config.yml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "");
        ConfigFile config = ConfigFile.of(context(Map.of()));
        assertThat(config.credentials("http://127.0.0.1:8080")).isEmpty();

        Files.writeString(file, "auths: {gateway: x}\n");

        assertThatThrownBy(() -> config.credentials("http://127.0.0.1:8080")).isInstanceOf(CliFailure.class)
                .hasMessageContaining("invalid auth config file " + file).hasMessageContaining("expected a list");
    }

    @Test
    void remove_forgets_one_gateway_and_reports_unknown_ones() throws Exception {
        ConfigFile config = ConfigFile.of(context(Map.of()));
        assertThatThrownBy(() -> config.remove("http://a:8080")).hasMessage("config file not found");
        config.save("http://a:8080", new BasicCredentials("admin", "one"));

        assertThat(config.remove("http://a:8080")).isTrue();
        assertThat(config.remove("http://a:8080")).isFalse();
        assertThat(config.credentials("http://a:8080")).isEmpty();
    }

    @Test
    void openfaas_config_and_ci_move_the_file() {
        assertThat(ConfigFile.of(context(Map.of("OPENFAAS_CONFIG", "/etc/faas"))).path())
                .isEqualTo(Path.of("/etc/faas/config.yml"));
        assertThat(ConfigFile.of(context(Map.of("CI", "true"))).path()).isEqualTo(work.resolve(".openfaas/config.yml"));
    }

    private CliContext context(Map<String, String> env) {
        return new CliContext(env, work, home, new ByteArrayInputStream(new byte[0]), false,
                new ByteArrayOutputStream());
    }
}
