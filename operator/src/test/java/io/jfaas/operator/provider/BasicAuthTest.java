package io.jfaas.operator.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BasicAuthTest {

    static String header(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void accepts_only_the_user_and_password_of_the_files_trimmed(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("basic-auth-user"), "admin\n");
        Files.writeString(dir.resolve("basic-auth-password"), " s3cret \n");
        BasicAuth auth = BasicAuth.read(dir);

        assertThat(auth.allowed(header("admin:s3cret"))).isTrue();
        assertThat(auth.allowed(header("admin:wrong"))).isFalse();
        assertThat(auth.allowed(header("root:s3cret"))).isFalse();
        assertThat(auth.allowed("Bearer x")).isFalse();
        assertThat(auth.allowed("Basic %%%")).isFalse();
        assertThat(auth.allowed(null)).isFalse();
    }

    @Test
    void a_missing_file_is_named(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("basic-auth-user"), "admin");

        assertThatThrownBy(() -> BasicAuth.read(dir)).hasMessageContaining("basic-auth-password does not exist");
    }
}
