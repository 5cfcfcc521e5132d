package io.jfaas.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestTest {

    @Test
    void builder_defaults_to_get_slash_without_query_headers_or_body() {
        Request request = Request.builder().build();

        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/");
        assertThat(request.rawQuery()).isEmpty();
        assertThat(request.query()).isEmpty();
        assertThat(request.headers().isEmpty()).isTrue();
        assertThat(request.body()).isEmpty();
        assertThat(request.bodyAsText()).isEmpty();
        assertThat(request.contentType()).isEmpty();
        assertThat(request.callId()).isEmpty();
    }

    @Test
    void path_gets_a_leading_slash() {
        assertThat(Request.builder().path("a/b").build().path()).isEqualTo("/a/b");
        assertThat(Request.builder().path("/a/b").build().path()).isEqualTo("/a/b");
        assertThat(Request.builder().path("").build().path()).isEqualTo("/");
    }

    @Test
    void path_is_kept_percent_encoded() {
        assertThat(Request.builder().path("/a%20b").build().path()).isEqualTo("/a%20b");
    }

    @Test
    void method_is_upper_cased() {
        assertThat(Request.builder().method("post").build().method()).isEqualTo("POST");
        assertThat(Request.builder().method("Patch").build().method()).isEqualTo("PATCH");
    }

    @Test
    void post_sets_method_and_utf8_body() {
        Request request = Request.builder().post("grüße").build();

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.body()).isEqualTo("grüße".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rejects_a_null_method_or_path() {
        assertThatNullPointerException().isThrownBy(() -> Request.builder().method(null));
        assertThatNullPointerException().isThrownBy(() -> Request.builder().path(null));
        assertThatNullPointerException().isThrownBy(() -> Request.builder().headers(null));
    }

    @Test
    void a_null_query_or_body_means_none() {
        Request request = Request.builder().query(null).body((byte[]) null).build();
        Request text = Request.builder().body((String) null).build();

        assertThat(request.rawQuery()).isEmpty();
        assertThat(request.body()).isEmpty();
        assertThat(text.body()).isEmpty();
    }

    @Test
    void parses_the_query_in_order() {
        Request request = Request.builder().query("name=Ada&lang=en").build();

        assertThat(request.rawQuery()).isEqualTo("name=Ada&lang=en");
        assertThat(request.query()).containsExactly(
                Map.entry("name", List.of("Ada")),
                Map.entry("lang", List.of("en")));
    }

    @Test
    void decodes_percent_escapes_and_plus_in_the_query() {
        Request request = Request.builder().query("greeting=hello%20world&name=Ada+Lovelace&a%26b=%C3%BC%3D").build();

        assertThat(request.queryParam("greeting")).contains("hello world");
        assertThat(request.queryParam("name")).contains("Ada Lovelace");
        assertThat(request.queryParam("a&b")).contains("ü=");
    }

    @Test
    void a_repeated_parameter_keeps_its_values_in_order() {
        Request request = Request.builder().query("x=3&y=0&x=1&x=2").build();

        assertThat(request.query().get("x")).containsExactly("3", "1", "2");
        assertThat(request.queryParam("x")).contains("3");
        assertThat(request.query().keySet()).containsExactly("x", "y");
    }

    @Test
    void a_parameter_without_equals_has_an_empty_value() {
        Request request = Request.builder().query("verbose&name=").build();

        assertThat(request.query().get("verbose")).containsExactly("");
        assertThat(request.query().get("name")).containsExactly("");
        assertThat(request.queryParam("verbose")).contains("");
    }

    @Test
    void a_value_may_contain_equals() {
        Request request = Request.builder().query("expr=a=b").build();

        assertThat(request.queryParam("expr")).contains("a=b");
    }

    @Test
    void empty_pairs_are_skipped() {
        Request request = Request.builder().query("&a=1&&b=2&").build();

        assertThat(request.query()).containsOnlyKeys("a", "b");
    }

    @Test
    void a_malformed_percent_escape_is_kept_raw() {
        Request request = Request.builder().query("bad=100%&worse=%zz&ok=%41").build();

        assertThat(request.queryParam("bad")).contains("100%");
        assertThat(request.queryParam("worse")).contains("%zz");
        assertThat(request.queryParam("ok")).contains("A");
    }

    @Test
    void query_param_is_empty_when_absent() {
        assertThat(Request.builder().query("a=1").build().queryParam("b")).isEmpty();
        assertThat(Request.builder().build().queryParam("a")).isEmpty();
    }

    @Test
    void query_is_unmodifiable() {
        Request request = Request.builder().query("a=1").build();

        assertThat(request.query()).isUnmodifiable();
        assertThat(request.query().get("a")).isUnmodifiable();
    }

    @Test
    void headers_are_looked_up_without_regard_to_case() {
        Request request = Request.builder().header("X-Custom", "1").build();

        assertThat(request.header("x-custom")).contains("1");
        assertThat(request.header("X-CUSTOM")).contains("1");
        assertThat(request.header("X-Other")).isEmpty();
    }

    @Test
    void header_adds_to_existing_values() {
        Request request = Request.builder().header("Accept", "text/plain").header("accept", "text/html").build();

        assertThat(request.headers().all("Accept")).containsExactly("text/plain", "text/html");
        assertThat(request.header("Accept")).contains("text/plain");
    }

    @Test
    void headers_replaces_the_headers() {
        Request request = Request.builder().header("A", "1").headers(Headers.of("B", "2")).build();

        assertThat(request.header("A")).isEmpty();
        assertThat(request.header("B")).contains("2");
    }

    @Test
    void content_type_and_call_id_come_from_their_headers() {
        Request request = Request.builder()
                .header("content-type", "application/json")
                .header("x-call-id", "abc-123")
                .build();

        assertThat(request.contentType()).contains("application/json");
        assertThat(request.callId()).contains("abc-123");
    }

    @Test
    void body_as_text_defaults_to_utf8() {
        Request request = Request.builder().body("héllo €".getBytes(StandardCharsets.UTF_8)).build();

        assertThat(request.bodyAsText()).isEqualTo("héllo €");
    }

    @Test
    void body_as_text_honours_the_content_type_charset() {
        byte[] latin1 = "héllo".getBytes(StandardCharsets.ISO_8859_1);
        Request request = Request.builder()
                .header("Content-Type", "text/plain; charset=ISO-8859-1")
                .body(latin1)
                .build();

        assertThat(request.bodyAsText()).isEqualTo("héllo");
    }

    @Test
    void body_as_text_reads_a_quoted_charset_parameter_in_any_case() {
        byte[] latin1 = "héllo".getBytes(StandardCharsets.ISO_8859_1);
        Request request = Request.builder()
                .header("Content-Type", "text/plain;Charset=\"iso-8859-1\"")
                .body(latin1)
                .build();

        assertThat(request.bodyAsText()).isEqualTo("héllo");
    }

    @Test
    void body_as_text_falls_back_to_utf8_for_an_unknown_charset() {
        Request unknown = Request.builder()
                .header("Content-Type", "text/plain; charset=no-such-charset")
                .body("héllo")
                .build();
        Request withoutCharset = Request.builder()
                .header("Content-Type", "text/plain")
                .body("héllo")
                .build();

        assertThat(unknown.bodyAsText()).isEqualTo("héllo");
        assertThat(withoutCharset.bodyAsText()).isEqualTo("héllo");
    }

    @Test
    void body_as_stream_reads_the_whole_body_each_time() throws IOException {
        byte[] body = {1, 2, 3, (byte) 0xff};
        Request request = Request.builder().body(body).build();

        try (InputStream first = request.bodyAsStream(); InputStream second = request.bodyAsStream()) {
            assertThat(first.readAllBytes()).containsExactly(body);
            assertThat(second.readAllBytes()).containsExactly(body);
        }
    }

    @Test
    void to_string_shows_method_path_query_and_size() {
        assertThat(Request.builder().post("abc").path("/x").query("a=1").build()).hasToString("POST /x?a=1 (3 bytes)");
        assertThat(Request.builder().build()).hasToString("GET / (0 bytes)");
    }
}
