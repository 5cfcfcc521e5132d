package io.jfaas.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TriggersTest {

    @Test
    void the_cron_connectors_annotations_make_a_schedule() {
        Triggers triggers = Triggers.of(Map.of("topic", "cron-function", "schedule", "*/5 * * * *"));
        assertThat(triggers.schedule()).isPresent();
        assertThat(triggers.topics()).isEmpty();
        assertThat(triggers.nextRun(Instant.parse("2026-12-06T12:01:00Z")))
                .contains(Instant.parse("2026-12-06T12:05:00Z"));
        assertThat(triggers.problem()).isEmpty();
    }

    @Test
    void a_comma_separated_topic_lists_subjects_and_may_add_the_schedule() {
        Triggers triggers = Triggers.of(Map.of("topic", " orders.created, cron-function,payments.*,orders.created",
                "schedule", "@hourly"));
        assertThat(triggers.topics()).containsExactly("orders.created", "payments.*");
        assertThat(triggers.schedule()).isPresent();
    }

    @Test
    void without_a_topic_there_is_no_trigger_even_with_a_schedule() {
        assertThat(Triggers.of(Map.of("schedule", "@hourly")).any()).isFalse();
        assertThat(Triggers.of(null).any()).isFalse();
    }

    @Test
    void the_invocation_and_catch_up_annotations_are_read() {
        Triggers triggers = Triggers.of(Map.of("topic", "a", Triggers.INVOCATION, "Async",
                Triggers.CATCH_UP, "true"));
        assertThat(triggers.invocation(Triggers.Invocation.SYNC)).isEqualTo(Triggers.Invocation.ASYNC);
        assertThat(triggers.catchUp()).isTrue();
        assertThat(Triggers.of(Map.of("topic", "a")).invocation(Triggers.Invocation.SYNC))
                .isEqualTo(Triggers.Invocation.SYNC);
    }

    @Test
    void the_platforms_and_nats_own_subjects_are_refused_as_topics() {
        Triggers triggers = Triggers.of(Map.of("topic", "jfaas.invoke.openfaas-fn.x,faas-request,$JS.API.>,>,*.created,"
                + "_INBOX.abc,faas-dead-letters,orders.*"));
        assertThat(triggers.topics()).containsExactly("orders.*");
        assertThat(triggers.problem()).hasValueSatisfying(problem -> assertThat(problem)
                .contains("jfaas.invoke.openfaas-fn.x is reserved").contains("faas-request is reserved")
                .contains("$JS.API.> is reserved").contains("topic > is reserved").contains("*.created is reserved")
                .contains("_INBOX.abc is reserved").contains("faas-dead-letters is reserved"));
    }

    @Test
    void what_is_wrong_is_named_and_the_rest_still_applies() {
        Triggers triggers = Triggers.of(Map.of("topic", "cron-function,good,bad subject", "schedule", "every day",
                Triggers.INVOCATION, "later"));
        assertThat(triggers.topics()).containsExactly("good");
        assertThat(triggers.schedule()).isEmpty();
        assertThat(triggers.problem()).hasValueSatisfying(problem -> assertThat(problem)
                .contains("bad subject").contains("schedule:").contains("neither sync nor async"));
    }
}
