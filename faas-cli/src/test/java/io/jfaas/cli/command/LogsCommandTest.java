package io.jfaas.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfaas.cli.CliFailure;
import io.jfaas.cli.testing.AgainstFakeGateway;
import io.jfaas.cli.testing.Cli;
import io.jfaas.cli.testing.FakeGateway;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** logs against a fake gateway that streams NDJSON. */
class LogsCommandTest extends AgainstFakeGateway {

    private static final String HELLO = "{\"name\":\"fn\",\"namespace\":\"openfaas-fn\",\"instance\":\"fn-1\","
            + "\"timestamp\":\"2024-05-01T10:00:00.123456789Z\",\"text\":\"hello\\n\"}";
    private static final String WORLD = "{\"name\":\"fn\",\"namespace\":\"openfaas-fn\",\"instance\":\"fn-2\","
            + "\"timestamp\":\"2024-05-01T10:00:01Z\",\"text\":\"multi\\nline world\\n\"}";

    @Test
    void logs_follows_by_default_and_prints_time_and_text_without_the_line_break() {
        login();
        streamLines(HELLO, WORLD);

        Cli.Result result = cli.run("logs", "fn");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("2024-05-01T10:00:00Z hello\n2024-05-01T10:00:01Z multi\nline world\n");
        FakeGateway.Recorded call = last();
        assertThat(call.method()).isEqualTo("GET");
        assertThat(call.path()).isEqualTo("/system/logs");
        assertThat(call.query()).isEqualTo("follow=true&name=fn&tail=-1");
        assertThat(call.headers()).containsKey("authorization");
    }

    @Test
    void logs_passes_namespace_lines_instance_and_no_follow() {
        login();
        streamLines(HELLO);

        Cli.Result result = cli.run("logs", "fn", "-n", "team-a", "--lines", "5", "--instance", "fn-1",
                "--tail=false");

        assertThat(result.exit()).isZero();
        assertThat(last().query()).isEqualTo("follow=false&instance=fn-1&name=fn&namespace=team-a&tail=5");
    }

    @Test
    void tail_takes_its_value_after_a_space_and_alone_means_true() {
        login();
        streamLines();

        cli.run("logs", "--tail", "false", "fn");
        String spaced = last().query();
        cli.run("logs", "-t", "fn");
        String alone = last().query();

        assertThat(spaced).startsWith("follow=false&name=fn");
        assertThat(alone).startsWith("follow=true&name=fn");
    }

    @Test
    void since_time_is_sent_in_utc_as_rfc3339() {
        login();
        streamLines();

        cli.run("logs", "fn", "--since-time", "2024-05-01T12:00:00+02:00");

        assertThat(sinceSent()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(last().query()).contains("since=2024-05-01T10%3A00%3A00Z");
    }

    @Test
    void since_counts_back_from_now() {
        login();
        streamLines();

        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        cli.run("logs", "fn", "--since", "5m");
        Instant after = Instant.now();

        Instant since = Instant.parse(sinceSent());
        assertThat(since).isBetween(before.minus(Duration.ofMinutes(5)), after.minus(Duration.ofMinutes(5)));
    }

    @Test
    void since_time_wins_over_since_and_bad_values_say_what_is_accepted() {
        Instant now = Instant.parse("2024-05-01T10:00:00Z");

        assertThat(LogsCommand.since(now, "10m", "2020-01-01T00:00:00Z")).isEqualTo("2020-01-01T00:00:00Z");
        assertThat(LogsCommand.since(now, "1h30m", null)).isEqualTo("2024-05-01T08:30:00Z");
        assertThat(LogsCommand.since(now, null, null)).isNull();
        assertThatThrownBy(() -> LogsCommand.since(now, "soon", null)).isInstanceOf(CliFailure.class)
                .hasMessageContaining("invalid argument \"soon\" for \"--since\" flag");
        assertThatThrownBy(() -> LogsCommand.since(now, null, "yesterday")).isInstanceOf(CliFailure.class)
                .hasMessageContaining("use an RFC 3339 time such as 2024-05-01T10:00:00Z");
    }

    @Test
    void keyvalue_output_names_every_field() {
        login();
        streamLines(HELLO);

        Cli.Result result = cli.run("logs", "fn", "-o", "keyvalue");

        assertThat(result.out())
                .isEqualTo("timestamp=\"2024-05-01T10:00:00Z\" name=\"fn\" instance=\"fn-1\" text=\"hello\"\n");
    }

    @Test
    void json_output_prints_each_line_as_the_gateway_sent_it() {
        login();
        String withExtraField = HELLO.replace("}", ",\"extra\":1}");
        streamLines(withExtraField, WORLD);

        Cli.Result output = cli.run("logs", "fn", "-o", "json");
        Cli.Result shortcut = cli.run("logs", "fn", "--json");

        assertThat(output.out()).isEqualTo(withExtraField + "\n" + WORLD + "\n");
        assertThat(shortcut.out()).isEqualTo(output.out());
    }

    @Test
    void each_line_is_printed_as_it_arrives_not_when_the_stream_ends() {
        login();
        CountDownLatch firstPrinted = new CountDownLatch(1);
        gateway.stream("GET /system/logs", body -> {
            body.write((HELLO + "\n").getBytes(StandardCharsets.UTF_8));
            body.flush();
            // the second line is only written once the CLI has printed the first; a CLI that waits for the end of
            // the stream gets a different second line after the bounded wait, and the test fails
            String second = firstPrinted.await(30, TimeUnit.SECONDS) ? WORLD : WORLD.replace("world", "too late");
            body.write((second + "\n").getBytes(StandardCharsets.UTF_8));
        });

        Cli.Result result = cli.runWatchingOutput(printed -> {
            if (printed.contains("hello")) {
                firstPrinted.countDown();
            }
        }, "logs", "fn");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("2024-05-01T10:00:00Z hello\n2024-05-01T10:00:01Z multi\nline world\n");
    }

    @Test
    void an_unknown_function_is_named_with_a_hint() {
        login();
        gateway.answer("GET /system/logs", 404, "function not found\n");

        Cli.Result result = cli.run("logs", "ghost");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("No such function: ghost, see the deployed functions with"
                + " \"faas-cli list\"");
    }

    @Test
    void a_request_the_gateway_cannot_read_shows_its_reason() {
        login();
        gateway.answer("GET /system/logs", 422, "could not parse the log request: tail: \"x\" is not a whole number\n");

        Cli.Result result = cli.run("logs", "fn");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("The gateway cannot read this log request: could not parse the log request:"
                + " tail: \"x\" is not a whole number (check --lines, --since and --since-time)");
    }

    @Test
    void a_line_that_is_not_json_fails_after_the_lines_before_it() {
        login();
        streamLines(HELLO, "not json");

        Cli.Result result = cli.run("logs", "fn");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).isEqualTo("2024-05-01T10:00:00Z hello\n");
        assertThat(result.err()).contains("Cannot parse log message from OpenFaaS on URL: " + gateway.url())
                .contains("not json");
    }

    @Test
    void without_login_it_tells_the_user_to_log_in() {
        streamLines(HELLO);

        Cli.Result result = cli.run("logs", "fn");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("Unauthorized access, run \"faas-cli login\"");
    }

    @Test
    void a_missing_name_or_unknown_format_fails_before_calling_the_gateway() {
        Cli.Result noName = cli.run("logs");
        Cli.Result badFormat = cli.run("logs", "fn", "-o", "yaml");

        assertThat(noName.exit()).isEqualTo(1);
        assertThat(noName.err()).contains("Function name is required, e.g. \"faas-cli logs NAME\"");
        assertThat(badFormat.exit()).isEqualTo(1);
        assertThat(badFormat.err()).contains("Invalid argument \"yaml\" for \"--output\" flag: use plain, keyvalue"
                + " or json");
        assertThat(gateway.requests()).isEmpty();
    }

    private void streamLines(String... lines) {
        gateway.stream("GET /system/logs", body -> {
            for (String line : lines) {
                body.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                body.flush();
            }
        });
    }

    private String sinceSent() {
        return Arrays.stream(last().query().split("&"))
                .filter(pair -> pair.startsWith("since="))
                .map(pair -> URLDecoder.decode(pair.substring("since=".length()), StandardCharsets.UTF_8))
                .findFirst().orElseThrow();
    }
}
