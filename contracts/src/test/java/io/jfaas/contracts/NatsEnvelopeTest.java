package io.jfaas.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NatsEnvelopeTest {

    @Test
    void a_nats_url_needs_the_nats_or_tls_scheme_and_a_host() {
        assertThat(NatsEnvelope.parseUrl(" nats://nats.openfaas:4222 ")).isEqualTo("nats://nats.openfaas:4222");
        assertThat(NatsEnvelope.parseUrl("tls://nats:4222")).isEqualTo("tls://nats:4222");
        assertThatThrownBy(() -> NatsEnvelope.parseUrl("http://nats:4222"))
                .hasMessage("\"http://nats:4222\" is not a NATS URL such as nats://127.0.0.1:4222");
        assertThatThrownBy(() -> NatsEnvelope.parseUrl("nats://")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_functions_subject_is_the_prefix_then_namespace_and_name() {
        assertThat(NatsEnvelope.subject("openfaas-fn", "hello")).isEqualTo("jfaas.invoke.openfaas-fn.hello");
    }

    @Test
    void a_logged_url_carries_no_user_or_password() {
        assertThat(NatsEnvelope.withoutCredentials("tls://gateway:pw@host:4222")).isEqualTo("tls://host:4222");
        assertThat(NatsEnvelope.withoutCredentials("nats://host:4222")).isEqualTo("nats://host:4222");
    }
}
