package io.jfaas.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AuthHandlerTest {

    private final AuthHandler handler = new AuthHandler(new Credentials("admin", "pa:ss"),
            new UiSessions(java.time.Clock.systemUTC()));

    @Test
    void accepts_the_right_user_and_a_password_containing_a_colon() {
        assertThat(handler.accepts(basic("admin:pa:ss"))).isTrue();
        assertThat(handler.accepts("basic " + encode("admin:pa:ss"))).isTrue();
    }

    @Test
    void refuses_a_wrong_user_or_password() {
        assertThat(handler.accepts(basic("root:pa:ss"))).isFalse();
        assertThat(handler.accepts(basic("admin:pa"))).isFalse();
        assertThat(handler.accepts(basic("admin:pa:ss "))).isFalse();
    }

    @Test
    void refuses_missing_or_malformed_headers() {
        assertThat(handler.accepts(null)).isFalse();
        assertThat(handler.accepts("Bearer token")).isFalse();
        assertThat(handler.accepts("Basic not-base64!")).isFalse();
        assertThat(handler.accepts(basic("no-colon"))).isFalse();
    }

    private static String basic(String pair) {
        return "Basic " + encode(pair);
    }

    private static String encode(String pair) {
        return Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
