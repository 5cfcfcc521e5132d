package io.jfaas.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfaas.model.FunctionRef;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a crashed replica said last, for its function's {@code health.lastError}, and the bounds on what is kept. */
class FunctionLogLastWordsTest {

    @TempDir
    Path state;

    @Test
    void the_last_line_that_is_not_a_stack_frame_or_a_jfaas_note_is_what_went_wrong() {
        try (FunctionLog log = new FunctionLog(new FunctionRef("crasher", "openfaas-fn"), state)) {
            log.append("crasher-1", "watchdog: cannot start crasher: handler class example.Missing is not found");
            log.append("crasher-1", "java.lang.IllegalStateException: handler class example.Missing");
            log.append("crasher-1", "\tat io.jfaas.watchdog.runner.JavaRunner.instantiate(JavaRunner.java:144)");
            log.append("crasher-1", "... 3 more");
            log.append("crasher-1", "[jfaas] replica exited with code 1; restarting in 250 ms");
            log.append("crasher-2", "another replica's line");

            assertThat(log.lastWords("crasher-1"))
                    .hasValue("java.lang.IllegalStateException: handler class example.Missing");
            assertThat(log.lastWords("never-printed")).isEmpty();
        }
    }

    @Test
    void only_the_last_lines_of_the_most_recent_instances_are_kept() {
        try (FunctionLog log = new FunctionLog(new FunctionRef("busy", "openfaas-fn"), state)) {
            log.append("first", "the first instance's only line");
            for (int i = 0; i < FunctionLog.RECENT_INSTANCES; i++) {
                log.append("later-" + i, "line");
            }
            log.append("long", "the line that goes");
            for (int i = 0; i < FunctionLog.RECENT_LINES; i++) {
                log.append("long", "\tat frame " + i);
            }

            assertThat(log.lastWords("first")).as("the oldest instance was forgotten").isEmpty();
            assertThat(log.lastWords("long")).as("only its last %d lines are kept", FunctionLog.RECENT_LINES)
                    .isEmpty();
            log.append("long", "x".repeat(2000));
            assertThat(log.lastWords("long")).hasValueSatisfying(words -> assertThat(words).hasSize(501));
        }
    }
}
