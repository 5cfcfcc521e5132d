package io.jfaas.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class ProxyHeadersTest {

    @Test
    void the_hop_by_hop_check_knows_every_hop_by_hop_name_in_any_case_and_no_other() {
        for (String name : ProxyHeaders.HOP_BY_HOP) {
            assertThat(ProxyHeaders.isHopByHop(name)).as(name).isTrue();
            assertThat(ProxyHeaders.isHopByHop(name.toLowerCase(java.util.Locale.ROOT))).as(name).isTrue();
            assertThat(ProxyHeaders.isHopByHop(name.toUpperCase(java.util.Locale.ROOT))).as(name).isTrue();
        }
        for (String name : new String[] {"Content-Type", "Content-Length", "X-Call-Id", "Tee", "T", "Connections",
            "Keep-Alive2", "Upgrades", "Trailers", "Host", "Authorization", "Proxy-Authorizatio"}) {
            assertThat(ProxyHeaders.isHopByHop(name)).as(name).isFalse();
        }
    }

    @Test
    void canonical_names_are_gos() {
        assertThat(ProxyHeaders.canonical("x-duration-seconds")).isEqualTo("X-Duration-Seconds");
        assertThat(ProxyHeaders.canonical("CONTENT-TYPE")).isEqualTo("Content-Type");
        assertThat(ProxyHeaders.canonical("etag")).isEqualTo("Etag");
    }

    @Test
    void drops_hop_by_hop_headers_and_those_named_by_connection_keeping_repeated_values() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Connection", "keep-alive, X-Private")
                .add("X-Private", "1")
                .add("Transfer-Encoding", "chunked")
                .add("Upgrade", "h2c")
                .add("set-cookie", "a=1")
                .add("set-cookie", "b=2");

        MultiMap forwarded = ProxyHeaders.forward(headers);

        assertThat(forwarded.names()).containsExactly("Set-Cookie");
        assertThat(forwarded.getAll("Set-Cookie")).containsExactly("a=1", "b=2");
    }

    @Test
    void a_name_already_canonical_is_kept_as_it_is() {
        String name = "X-Call-Id";

        assertThat(ProxyHeaders.canonical(name)).isSameAs(name);
        assertThat(ProxyHeaders.canonical("X-call-Id")).isEqualTo("X-Call-Id");
    }

    @Test
    void generated_call_ids_are_distinct_version_4_uuids() {
        java.util.UUID first = java.util.UUID.fromString(CallIdHandler.randomUuid());
        java.util.UUID second = java.util.UUID.fromString(CallIdHandler.randomUuid());

        assertThat(first.version()).isEqualTo(4);
        assertThat(first.variant()).isEqualTo(2);
        assertThat(first).isNotEqualTo(second);
    }
}
