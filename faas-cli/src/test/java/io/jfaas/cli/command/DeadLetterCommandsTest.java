package io.jfaas.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfaas.cli.testing.AgainstFakeGateway;
import io.jfaas.cli.testing.Cli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** dead-letter list and redrive against a recording fake gateway. */
class DeadLetterCommandsTest extends AgainstFakeGateway {

    private static final String LETTERS = "[{\"function\":\"hello.openfaas-fn\",\"callId\":\"c-1\",\"status\":503,"
            + "\"attempts\":3,\"time\":\"2026-12-02T21:00:00Z\"}]";

    @BeforeEach
    void logIn() {
        login();
    }

    @Test
    void list_prints_function_call_id_status_attempts_and_time() {
        gateway.answer("GET /system/async/dead-letters", 200, LETTERS);

        Cli.Result result = cli.run("dead-letter", "list");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("Function").contains("Call id")
                .containsPattern("hello\\.openfaas-fn\\s+c-1\\s+503\\s+3\\s+2026-12-02T21:00:00Z");
    }

    @Test
    void list_says_when_there_are_none() {
        gateway.answer("GET /system/async/dead-letters", 200, "[]");

        assertThat(cli.run("dlq", "ls").out()).contains("No dead letters.");
    }

    @Test
    void redrive_one_posts_to_its_call_id_with_credentials() {
        gateway.answer("POST /system/async/dead-letters/c-1/redrive", 200, "{\"redriven\":[\"c-1\"]}");

        Cli.Result result = cli.run("dead-letter", "redrive", "c-1");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("Redriven: c-1");
        assertThat(gateway.requests()).anySatisfy(r -> {
            assertThat(r.path()).isEqualTo("/system/async/dead-letters/c-1/redrive");
            assertThat(r.headers()).containsKey("authorization");
        });
    }

    @Test
    void redrive_of_an_unknown_call_id_fails_saying_so() {
        Cli.Result result = cli.run("dead-letter", "redrive", "nope");

        assertThat(result.exit()).isNotZero();
        assertThat(result.err()).containsIgnoringCase("no dead letter for call id nope");
    }

    @Test
    void redrive_all_lists_what_was_queued_again() {
        gateway.answer("POST /system/async/dead-letters/redrive", 200, "{\"redriven\":[\"a\",\"b\"]}");

        Cli.Result result = cli.run("dead-letter", "redrive", "--all");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("Redriven: a").contains("Redriven: b").contains("2 call(s) queued again.");
    }

    @Test
    void redrive_needs_a_call_id_or_all() {
        Cli.Result result = cli.run("dead-letter", "redrive");

        assertThat(result.exit()).isNotZero();
        assertThat(result.err()).containsIgnoringCase("give either a call id or --all");
    }
}
