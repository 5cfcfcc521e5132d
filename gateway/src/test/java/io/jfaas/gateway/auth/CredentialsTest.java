package io.jfaas.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {

    @TempDir
    Path dir;

    @Test
    void generates_admin_and_a_random_32_character_password_readable_by_the_owner_only() throws IOException {
        Path state = dir.resolve("state");

        assertThat(Credentials.generateIfMissing(state)).isTrue();

        Credentials credentials = Credentials.read(state);
        assertThat(credentials.user()).isEqualTo("admin");
        assertThat(credentials.password()).matches("[A-Za-z0-9]{32}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("basic-auth-password"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("basic-auth-user"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rwx------");
    }

    @Test
    void keeps_existing_credentials() throws IOException {
        Credentials.generateIfMissing(dir);
        String first = Credentials.read(dir).password();

        assertThat(Credentials.generateIfMissing(dir)).isFalse();
        assertThat(Credentials.read(dir).password()).isEqualTo(first);
    }

    @Test
    void two_generations_differ() throws IOException {
        Credentials.generateIfMissing(dir.resolve("a"));
        Credentials.generateIfMissing(dir.resolve("b"));

        assertThat(Credentials.read(dir.resolve("a")).password())
                .isNotEqualTo(Credentials.read(dir.resolve("b")).password());
    }

    @Test
    void values_are_trimmed() throws IOException {
        Files.writeString(dir.resolve("basic-auth-user"), " admin\n");
        Files.writeString(dir.resolve("basic-auth-password"), "pa55\n\n");

        assertThat(Credentials.read(dir)).isEqualTo(new Credentials("admin", "pa55"));
    }

    @Test
    void a_missing_file_is_named_in_the_error() {
        assertThatThrownBy(() -> Credentials.read(dir)).hasMessageContaining("basic-auth-user")
                .hasMessageContaining("basic_auth=false");
    }

    @Test
    void the_password_never_appears_in_to_string() {
        assertThat(new Credentials("admin", "hunter2").toString()).doesNotContain("hunter2");
    }
}
