package io.jfaas.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GatewayUrlTest {

    @Test
    void the_flag_wins_then_the_stack_then_the_environment_then_the_default() {
        assertThat(GatewayUrl.resolve("http://flag:1", "http://stack:2", "http://env:3")).isEqualTo("http://flag:1");
        assertThat(GatewayUrl.resolve(null, "http://stack:2", "http://env:3")).isEqualTo("http://stack:2");
        assertThat(GatewayUrl.resolve(null, null, "http://env:3")).isEqualTo("http://env:3");
        assertThat(GatewayUrl.resolve(null, null, null)).isEqualTo("http://127.0.0.1:8080");
    }

    @Test
    void a_flag_or_stack_equal_to_the_default_counts_as_not_given() {
        assertThat(GatewayUrl.resolve("http://127.0.0.1:8080", null, "http://env:3")).isEqualTo("http://env:3");
        assertThat(GatewayUrl.resolve(null, "http://127.0.0.1:8080/", "http://env:3")).isEqualTo("http://env:3");
    }

    @Test
    void urls_are_lower_cased_trimmed_of_slashes_and_given_a_scheme() {
        assertThat(GatewayUrl.resolve("GW.Example.com:8080//", null, null)).isEqualTo("http://gw.example.com:8080");
    }

    @Test
    void the_insecure_warning_spares_https_loopback_and_tls_no_verify() {
        String warning = "WARNING! You are not using an encrypted connection to the gateway, consider using HTTPS.";
        assertThat(GatewayUrl.insecureWarning("http://10.0.0.1:8080", false)).isEqualTo(warning);
        assertThat(GatewayUrl.insecureWarning("https://gw", false)).isNull();
        assertThat(GatewayUrl.insecureWarning("http://127.0.0.1:8080", false)).isNull();
        assertThat(GatewayUrl.insecureWarning("http://localhost:8080", false)).isNull();
        assertThat(GatewayUrl.insecureWarning("http://10.0.0.1:8080", true)).isNull();
    }
}
