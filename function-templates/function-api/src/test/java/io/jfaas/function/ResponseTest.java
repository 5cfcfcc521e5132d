package io.jfaas.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseTest {

    @Test
    void ok_is_200_without_body_or_content_type() {
        Response response = Response.ok();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(response.contentType()).isEmpty();
        assertThat(response.headers().isEmpty()).isTrue();
    }

    @Test
    void ok_text_is_utf8_plain_text() {
        Response response = Response.ok("héllo €");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).contains("text/plain; charset=utf-8");
        assertThat(response.body()).isEqualTo("héllo €".getBytes(StandardCharsets.UTF_8));
        assertThat(response.bodyAsText()).isEqualTo("héllo €");
    }

    @Test
    void ok_null_text_has_an_empty_body() {
        assertThat(Response.ok((String) null).body()).isEmpty();
    }

    @Test
    void ok_bytes_has_no_content_type_of_its_own() {
        byte[] body = {1, 2, 3};
        Response response = Response.ok(body);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEmpty();
        assertThat(response.body()).containsExactly(1, 2, 3);
        assertThat(Response.ok((byte[]) null).body()).isEmpty();
    }

    @Test
    void json_is_application_json_in_utf8() {
        Response response = Response.json("{\"name\":\"Zoë\"}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).contains("application/json");
        assertThat(response.body()).isEqualTo("{\"name\":\"Zoë\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(response.bodyAsText()).isEqualTo("{\"name\":\"Zoë\"}");
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 201, 204, 404, 599, 999})
    void of_accepts_statuses_from_100_to_999(int status) {
        Response response = Response.of(status);

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.body()).isEmpty();
        assertThat(response.contentType()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {99, 1000, 0, -200})
    void of_rejects_statuses_outside_100_to_999(int status) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Response.of(status))
                .withMessageContaining(Integer.toString(status));
    }

    @Test
    void with_status_validates_too() {
        assertThatIllegalArgumentException().isThrownBy(() -> Response.ok().withStatus(1000));
    }

    @Test
    void withers_return_copies_and_leave_the_original_unchanged() {
        Response original = Response.ok("body");

        Response created = original.withStatus(201);
        Response located = original.withHeader("Location", "/orders/42");
        Response retyped = original.withContentType("text/html");
        Response rebodied = original.withBody("other");

        assertThat(created.status()).isEqualTo(201);
        assertThat(located.headers().first("location")).contains("/orders/42");
        assertThat(retyped.contentType()).contains("text/html");
        assertThat(rebodied.bodyAsText()).isEqualTo("other");
        assertThat(original.status()).isEqualTo(200);
        assertThat(original.headers().contains("Location")).isFalse();
        assertThat(original.contentType()).contains("text/plain; charset=utf-8");
        assertThat(original.bodyAsText()).isEqualTo("body");
    }

    @Test
    void with_header_replaces_and_with_added_header_appends() {
        Response response = Response.ok()
                .withAddedHeader("Set-Cookie", "a=1")
                .withAddedHeader("set-cookie", "b=2");

        assertThat(response.headers().all("Set-Cookie")).containsExactly("a=1", "b=2");
        assertThat(response.withHeader("SET-COOKIE", "c=3").headers().all("Set-Cookie")).containsExactly("c=3");
    }

    @Test
    void with_header_rejects_line_breaks() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Response.ok().withHeader("Location", "/x\r\nSet-Cookie: evil=1"));
    }

    @Test
    void with_body_text_keeps_an_existing_content_type() {
        Response response = Response.of(201).withContentType("application/xml").withBody("<a/>");

        assertThat(response.contentType()).contains("application/xml");
        assertThat(response.headers().all("Content-Type")).hasSize(1);
        assertThat(response.bodyAsText()).isEqualTo("<a/>");
        assertThat(response.status()).isEqualTo(201);
    }

    @Test
    void with_body_text_sets_utf8_plain_text_without_a_content_type() {
        Response response = Response.of(201).withBody("créé");

        assertThat(response.contentType()).contains("text/plain; charset=utf-8");
        assertThat(response.body()).isEqualTo("créé".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void with_body_bytes_keeps_headers_and_sets_no_content_type() {
        byte[] body = {9, 8, 7};

        assertThat(Response.of(202).withBody(body).contentType()).isEmpty();
        assertThat(Response.of(202).withBody(body).body()).containsExactly(9, 8, 7);
        assertThat(Response.json("{}").withBody(body).contentType()).contains("application/json");
        assertThat(Response.ok("x").withBody((byte[]) null).body()).isEmpty();
    }

    @Test
    void body_as_text_honours_the_content_type_charset() {
        Response response = Response.ok("héllo".getBytes(StandardCharsets.ISO_8859_1))
                .withContentType("text/plain; charset=ISO-8859-1");

        assertThat(response.bodyAsText()).isEqualTo("héllo");
    }

    @Test
    void body_as_text_defaults_to_utf8() {
        assertThat(Response.ok("héllo".getBytes(StandardCharsets.UTF_8)).bodyAsText()).isEqualTo("héllo");
    }

    @Test
    void to_string_shows_status_and_size() {
        assertThat(Response.of(404).withBody("nope")).hasToString("404 (4 bytes)");
    }
}
