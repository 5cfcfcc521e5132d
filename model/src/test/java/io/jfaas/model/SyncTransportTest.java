package io.jfaas.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyncTransportTest {

    private static final String NATS = "nats://127.0.0.1:4222";
    private static final FunctionRef HELLO = new FunctionRef("hello", "openfaas-fn");
    private static final Map<String, String> ON_NATS = Map.of(SyncTransport.ANNOTATION, "nats");

    @Test
    void the_annotation_wins_over_the_default_and_is_read_in_any_case() {
        SyncTransport httpByDefault = new SyncTransport(SyncTransport.Kind.HTTP, Optional.of(NATS));
        SyncTransport natsByDefault = new SyncTransport(SyncTransport.Kind.NATS, Optional.of(NATS));

        assertThat(httpByDefault.kindOf(Map.of(SyncTransport.ANNOTATION, " NATS "))).isEqualTo(SyncTransport.Kind.NATS);
        assertThat(natsByDefault.kindOf(Map.of(SyncTransport.ANNOTATION, "http"))).isEqualTo(SyncTransport.Kind.HTTP);
        assertThat(natsByDefault.kindOf((Map<String, String>) null)).isEqualTo(SyncTransport.Kind.NATS);
        assertThat(httpByDefault.kindOf(Map.of())).isEqualTo(SyncTransport.Kind.HTTP);
    }

    @Test
    void a_function_on_nats_has_a_subject_made_of_its_namespace_and_name() {
        SyncTransport transport = new SyncTransport(SyncTransport.Kind.HTTP, Optional.of(NATS));

        assertThat(transport.subjectOf(HELLO, ON_NATS)).contains("jfaas.invoke.openfaas-fn.hello");
        assertThat(transport.subjectOf(HELLO, Map.of())).isEmpty();
    }

    @Test
    void without_a_nats_server_every_function_is_called_over_http() {
        SyncTransport transport = new SyncTransport(SyncTransport.Kind.NATS, Optional.empty());

        assertThat(transport.subjectOf(HELLO, ON_NATS)).isEmpty();
        assertThat(transport.replicaEnvironment(HELLO, ON_NATS)).isEmpty();
    }

    @Test
    void a_replica_on_nats_gets_the_watchdogs_url_and_subject_settings() {
        SyncTransport transport = new SyncTransport(SyncTransport.Kind.HTTP, Optional.of(NATS));

        assertThat(transport.replicaEnvironment(HELLO, ON_NATS)).isEqualTo(Map.of("JFAAS_NATS_URL", NATS,
                "JFAAS_NATS_SUBJECT", "jfaas.invoke.openfaas-fn.hello"));
        assertThat(transport.replicaEnvironment(HELLO, Map.of())).isEmpty();
    }

    @Test
    void an_invalid_annotation_is_a_problem_naming_it_and_counts_as_http_when_calling() {
        Map<String, String> invalid = Map.of(SyncTransport.ANNOTATION, "grpc");

        assertThat(SyncTransport.annotationProblem(invalid))
                .contains("com.jfaas.transport: \"grpc\" is not a transport: use http or nats");
        assertThat(SyncTransport.annotationProblem(ON_NATS)).isEmpty();
        assertThat(SyncTransport.annotationProblem((Map<String, String>) null)).isEmpty();
        assertThat(new SyncTransport(SyncTransport.Kind.NATS, Optional.of(NATS)).subjectOf(HELLO, invalid)).isEmpty();
    }

    @Test
    void its_text_never_carries_the_nats_password() {
        SyncTransport transport = new SyncTransport(SyncTransport.Kind.HTTP,
                Optional.of("nats://function:s3cret-pw@nats.openfaas.svc:4222"));

        assertThat(transport.toString()).contains("nats://nats.openfaas.svc:4222").doesNotContain("s3cret-pw");
    }
}
