package io.jfaas.imagestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageRefTest {

    @Test
    void a_bare_name_is_tagged_latest() {
        ImageRef ref = ImageRef.parse("hello");

        assertThat(ref.repository()).isEqualTo("hello");
        assertThat(ref.tag()).isEqualTo("latest");
    }

    @Test
    void reads_a_name_and_tag() {
        ImageRef ref = ImageRef.parse("hello:1.0");

        assertThat(ref.repository()).isEqualTo("hello");
        assertThat(ref.tag()).isEqualTo("1.0");
    }

    @Test
    void reads_a_registry_path_and_tag() {
        ImageRef ref = ImageRef.parse("ghcr.io/me/hello:1");

        assertThat(ref.repository()).isEqualTo("ghcr.io/me/hello");
        assertThat(ref.tag()).isEqualTo("1");
    }

    @Test
    void a_registry_port_is_not_a_tag() {
        ImageRef tagged = ImageRef.parse("localhost:5000/x/y:tag");
        ImageRef untagged = ImageRef.parse("localhost:5000/x/y");

        assertThat(tagged.repository()).isEqualTo("localhost:5000/x/y");
        assertThat(tagged.tag()).isEqualTo("tag");
        assertThat(untagged.repository()).isEqualTo("localhost:5000/x/y");
        assertThat(untagged.tag()).isEqualTo("latest");
    }

    @Test
    void accepts_localhost_as_a_registry_without_a_port() {
        ImageRef ref = ImageRef.parse("localhost/hello:dev");

        assertThat(ref.repository()).isEqualTo("localhost/hello");
        assertThat(ref.tag()).isEqualTo("dev");
    }

    @Test
    void accepts_separators_inside_path_components() {
        assertThat(ImageRef.parse("my-org/my_func.v2:1.0-rc_1").repository()).isEqualTo("my-org/my_func.v2");
        assertThat(ImageRef.parse("a__b/c---d").repository()).isEqualTo("a__b/c---d");
    }

    @Test
    void to_string_writes_repository_and_tag() {
        assertThat(ImageRef.parse("hello")).hasToString("hello:latest");
        assertThat(ImageRef.parse("localhost:5000/x/y:tag")).hasToString("localhost:5000/x/y:tag");
        assertThat(ImageRef.parse(ImageRef.parse("ghcr.io/me/hello:1").toString()))
                .isEqualTo(ImageRef.parse("ghcr.io/me/hello:1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hello", "me/Hello:1", "ghcr.io/Me/hello", "a..b", "x/../y", "/hello", "hello/",
        "a//b", "-hello", "hello-", "hello:", "hello:-tag", "hello:.tag", "hello:a/b", "hel lo", "ghcr.io/me/"})
    void rejects_invalid_names(String reference) {
        assertThatIllegalArgumentException().isThrownBy(() -> ImageRef.parse(reference));
    }

    @Test
    void rejects_a_tag_over_128_characters() {
        assertThat(ImageRef.parse("hello:" + "t".repeat(128)).tag()).hasSize(128);
        assertThatIllegalArgumentException().isThrownBy(() -> ImageRef.parse("hello:" + "t".repeat(129)));
    }

    @Test
    void rejects_an_empty_or_missing_reference() {
        assertThatIllegalArgumentException().isThrownBy(() -> ImageRef.parse("")).withMessageContaining("required");
        assertThatIllegalArgumentException().isThrownBy(() -> ImageRef.parse("  "))
                .withMessageContaining("required");
        assertThatIllegalArgumentException().isThrownBy(() -> ImageRef.parse(null))
                .withMessageContaining("required");
    }

    @Test
    void rejects_a_digest_reference() {
        String digest = "hello@sha256:" + "a".repeat(64);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> ImageRef.parse(digest))
                .withMessageContaining(digest)
                .withMessageContaining("digest");
    }

    @Test
    void the_constructor_checks_as_parse_does() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ImageRef("Hello", "latest"));
        assertThatIllegalArgumentException().isThrownBy(() -> new ImageRef("hello", ""));
        assertThat(new ImageRef("hello", "1")).isEqualTo(ImageRef.parse("hello:1"));
    }
}
