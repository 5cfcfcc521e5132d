package io.jfaas.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfaas.cli.testing.AgainstFakeGateway;
import io.jfaas.cli.testing.Cli;
import io.jfaas.cli.testing.FakeGateway;
import io.jfaas.testing.Checkout;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** login, list, describe, deploy, invoke, remove and version against a recording fake gateway. */
class GatewayCommandsTest extends AgainstFakeGateway {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private static final String HELLO = "{\"name\":\"hello\",\"image\":\"hello:latest\",\"namespace\":\"openfaas-fn\","
            + "\"labels\":{\"faas_function\":\"hello\"},\"invocationCount\":42,\"replicas\":2,\"availableReplicas\":1,"
            + "\"createdAt\":\"2026-01-02T03:04:05.5Z\"}";

    @Test
    void login_checks_the_credentials_then_saves_them() throws Exception {
        gateway.answer("GET /system/functions", 200, "[]");

        Cli.Result result = cli.runWithInput("  secret\n", "login", "--password-stdin");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("Calling the OpenFaaS server to validate the credentials...")
                .contains("credentials saved for admin " + gateway.url());
        assertThat(Files.readString(home.resolve(".openfaas/config.yml"))).contains("gateway: " + gateway.url());
    }

    @Test
    void login_with_a_wrong_password_fails_and_saves_nothing() {
        Cli.Result result = cli.runWithInput("wrong", "login", "-s");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("Unable to login, either username or password is incorrect");
        assertThat(home.resolve(".openfaas/config.yml")).doesNotExist();
    }

    @Test
    void login_with_password_on_the_command_line_warns() {
        gateway.answer("GET /system/functions", 200, "[]");

        Cli.Result result = cli.run("login", "-p", "secret");

        assertThat(result.out()).contains("WARNING! Using --password is insecure");
        assertThat(result.exit()).isZero();
    }

    @Test
    void login_to_a_gateway_that_is_not_running_says_where_it_tried() {
        gateway.close();

        Cli.Result result = cli.runWithInput("secret", "login", "-s");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("Cannot connect to OpenFaaS on URL: " + gateway.url());
    }

    @Test
    void logout_forgets_the_gateway() {
        gateway.answer("GET /system/functions", 200, "[]");
        cli.runWithInput("secret", "login", "-s");

        assertThat(cli.run("logout").out()).contains("credentials removed for " + gateway.url());
        assertThat(cli.run("list").err()).contains("Unauthorized access, run \"faas-cli login\"");
        assertThat(cli.run("logout").err()).contains("Gateway " + gateway.url() + " not found in config");
    }

    @Test
    void without_login_system_commands_tell_the_user_to_log_in() {
        Cli.Result result = cli.run("list");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("Unauthorized access, run \"faas-cli login\" to setup authentication for this"
                + " server");
    }

    @Test
    void list_prints_faas_clis_table() {
        login();
        gateway.answer("GET /system/functions", 200, "[" + HELLO + "]");

        Cli.Result result = cli.run("list");

        assertThat(result.out()).isEqualTo("Function                      \tInvocations    \tReplicas\n"
                + "hello                         \t42             \t2    \n");
    }

    @Test
    void list_verbose_adds_image_and_creation_time_and_quiet_prints_names() {
        login();
        gateway.answer("GET /system/functions", 200, "[" + HELLO + "]");

        assertThat(cli.run("list", "-v").out()).contains("hello:latest").contains("2026-01-02 03:04:05.5 +0000 UTC");
        assertThat(cli.run("list", "-q").out()).isEqualTo("hello\n");
        assertThat(cli.run("list", "--json").out()).contains("\"name\" : \"hello\"");
    }

    @Test
    void list_passes_the_namespace() {
        login();
        gateway.answer("GET /system/functions", 200, "[]");

        cli.run("list", "-n", "team-a");

        assertThat(last().query()).isEqualTo("namespace=team-a");
    }

    @Test
    void describe_shows_the_function_in_faas_clis_layout() {
        login();
        gateway.answer("GET /system/function/hello", 200, HELLO);

        Cli.Result result = cli.run("describe", "hello");

        assertThat(result.out()).startsWith("Name:               hello\n"
                + "Status:             Ready\n"
                + "Replicas:           2\n"
                + "Available Replicas: 1\n"
                + "Invocations:        42\n"
                + "Image:              hello:latest\n"
                + "Function Process:   <default>\n"
                + "URL:                " + gateway.url() + "/function/hello\n"
                + "Async URL:          " + gateway.url() + "/async-function/hello\n"
                + "Labels:\n faas_function: hello\n");
    }

    @Test
    void describe_shows_the_autoscalers_last_decision_after_openfaas_layout() {
        login();
        gateway.answer("GET /system/function/busy", 200, "{\"name\":\"busy\",\"image\":\"busy:1\",\"replicas\":2,"
                + "\"availableReplicas\":2,\"createdAt\":\"2026-01-02T03:04:05Z\",\"autoscaler\":{\"desiredReplicas\":4,"
                + "\"replicas\":2,\"mode\":\"panic\",\"load\":7,\"reason\":\"burst: 7 in flight over 3s needs 4\","
                + "\"decidedAt\":\"2026-01-02T03:04:06Z\"}}");

        Cli.Result result = cli.run("describe", "busy");

        assertThat(result.out()).endsWith("Autoscaler:\n"
                + " Desired Replicas: 4\n"
                + " Mode: panic\n"
                + " Reason: burst: 7 in flight over 3s needs 4\n");
    }

    @Test
    void describe_shows_the_triggers_and_the_next_scheduled_run() {
        login();
        gateway.answer("GET /system/function/nightly", 200, "{\"name\":\"nightly\",\"image\":\"n:1\",\"replicas\":1,"
                + "\"availableReplicas\":1,\"annotations\":{\"topic\":\"cron-function,orders.created\","
                + "\"schedule\":\"@yearly\",\"com.jfaas.schedule.catch-up\":\"true\"}}");
        gateway.answer("GET /system/function/broken", 200, "{\"name\":\"broken\",\"image\":\"b:1\","
                + "\"annotations\":{\"topic\":\"cron-function\",\"schedule\":\"every night\"}}");

        Cli.Result result = cli.run("describe", "nightly");

        java.util.regex.Matcher next = java.util.regex.Pattern.compile(
                "Triggers:\n Schedule: @yearly \\(next run (\\d{4})-01-01T00:00:00Z\\)\n Topics: orders.created\n"
                + " Invocation: the connector's setting \\(asynchronous_invocation\\)\n"
                + " Catch-up: a missed tick runs once\n").matcher(result.out());
        assertThat(next.find()).as(result.out()).isTrue();
        assertThat(Integer.parseInt(next.group(1))).isEqualTo(java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                .getYear() + 1);
        assertThat(cli.run("describe", "broken").out()).contains("Triggers:\n Invocation:")
                .contains(" Problem: schedule: \"every night\" has 2 fields");
    }

    @Test
    void describe_of_an_unknown_function_fails() {
        login();

        Cli.Result result = cli.run("describe", "ghost");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("No such function: ghost");
    }

    @Test
    void deploy_tries_put_then_post_and_prints_the_url() throws Exception {
        login();
        gateway.answer("POST /system/functions", 202, "");
        writeStack();

        Cli.Result result = cli.run("deploy", "-f", "stack.yml", "-e", "EXTRA=1");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("Deploying: hello.\n\nDeployed. 202 Accepted.\nURL: " + gateway.url()
                + "/function/hello\n\n");
        List<FakeGateway.Recorded> calls = gateway.requests().stream()
                .filter(r -> r.path().equals("/system/functions") && !r.method().equals("GET")).toList();
        assertThat(calls).extracting(FakeGateway.Recorded::method).containsExactly("PUT", "POST");
        assertThat(calls.get(1).body()).contains("\"service\":\"hello\"").contains("\"image\":\"hello:latest\"")
                .contains("\"EXTRA\":\"1\"");
    }

    @Test
    void deploy_prints_the_warnings_the_gateway_sends() throws Exception {
        login();
        gateway.answer("POST /system/functions", 202, "", Map.of("Warning",
                "299 - \"cpu limits are not enforced in local mode: a \\\"limit\\\" only sizes thread pools\""));
        writeStack();

        Cli.Result result = cli.run("deploy", "-f", "stack.yml");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("Deployed. 202 Accepted.\nURL: " + gateway.url() + "/function/hello\n"
                + "Warning: cpu limits are not enforced in local mode: a \"limit\" only sizes thread pools\n");
    }

    @Test
    void namespace_create_get_update_and_delete_speak_openfaas_namespace_api() throws Exception {
        login();
        gateway.answer("POST /system/namespace/", 201, "");
        gateway.answer("GET /system/namespace/staging", 200,
                "{\"name\":\"staging\",\"labels\":{\"team\":\"web\",\"openfaas\":\"1\"},"
                + "\"annotations\":{\"openfaas\":\"1\"}}");
        gateway.answer("PUT /system/namespace/staging", 202, "");
        gateway.answer("DELETE /system/namespace/staging", 202, "");

        Cli.Result created = cli.run("namespace", "create", "staging", "--label", "team=web");
        Cli.Result got = cli.run("namespace", "get", "staging");
        Cli.Result updated = cli.run("namespace", "update", "staging", "--annotation", "owner=ops");
        Cli.Result deleted = cli.run("namespace", "delete", "staging");

        assertThat(created.out()).isEqualTo("Creating Namespace: staging\nNamespace Created: staging\n");
        assertThat(got.out()).isEqualTo("Name: staging\nLabels:\n openfaas: 1\n team: web\nAnnotations:\n"
                + " openfaas: 1\n");
        assertThat(updated.out()).isEqualTo("Updating Namespace: staging\nNamespace Updated: staging\n");
        assertThat(deleted.out()).isEqualTo("Deleting Namespace: staging\nNamespace Deleted: staging\n");
        List<FakeGateway.Recorded> calls = gateway.requests().stream()
                .filter(r -> r.path().startsWith("/system/namespace/")).toList();
        assertThat(calls).extracting(r -> r.method() + " " + r.path()).containsExactly(
                "POST /system/namespace/", "GET /system/namespace/staging", "PUT /system/namespace/staging",
                "DELETE /system/namespace/staging");
        assertThat(JSON.readTree(calls.get(0).body())).as("the Go SDK marks both maps openfaas=1")
                .isEqualTo(JSON.readTree("{\"name\":\"staging\",\"labels\":{\"team\":\"web\",\"openfaas\":\"1\"},"
                        + "\"annotations\":{\"openfaas\":\"1\"}}"));
        assertThat(JSON.readTree(calls.get(2).body())).isEqualTo(JSON.readTree("{\"name\":\"staging\","
                + "\"labels\":{\"openfaas\":\"1\"},\"annotations\":{\"owner\":\"ops\",\"openfaas\":\"1\"}}"));
    }

    @Test
    void namespace_commands_say_what_the_gateway_refused() {
        login();
        gateway.answer("DELETE /system/namespace/busy", 409,
                "namespace busy still holds function f: remove them first");

        Cli.Result missing = cli.run("namespace", "get", "nope");
        Cli.Result busy = cli.run("namespace", "delete", "busy");
        Cli.Result gone = cli.run("namespace", "update", "gone");

        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("Namespace nope not found");
        assertThat(busy.exit()).isEqualTo(1);
        assertThat(busy.err()).contains("nexpected status code: 409").contains("still holds function f");
        assertThat(gone.err()).contains("Namespace gone not found");
    }

    @Test
    void deploy_failures_name_the_function_and_the_status() throws Exception {
        login();
        gateway.answer("PUT /system/functions", 400, "validation failed: image: is required\n");
        writeStack();

        Cli.Result result = cli.run("deploy", "-f", "stack.yml");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).contains("Unexpected status: 400, message: validation failed: image: is required");
        assertThat(result.err()).contains("Function 'hello' failed to deploy with status code: 400");
    }

    @Test
    void deploy_to_a_remote_plain_http_gateway_warns() throws Exception {
        login();
        writeStack();
        // 127.0.0.1 and localhost are spared the warning; any other plain-HTTP gateway is not
        String remote = "http://gateway.invalid:8080";

        Cli.Result result = cli.run("deploy", "-f", "stack.yml", "-g", remote);

        assertThat(result.out()).contains("WARNING! You are not using an encrypted connection to the gateway")
                .contains("Is OpenFaaS deployed? Do you need to specify the --gateway flag?");
    }

    @Test
    void invoke_sends_stdin_and_prints_the_answer_as_it_is() {
        gateway.answer("POST /function/hello.openfaas-fn", 200, "Hello, world");

        Cli.Result result = cli.runWithInput("world", "invoke", "hello", "--query", "b=2", "--query", "a=1",
                "-H", "X-Trace: 7");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("Hello, world");
        FakeGateway.Recorded call = last();
        assertThat(call.body()).isEqualTo("world");
        assertThat(call.query()).isEqualTo("a=1&b=2");
        assertThat(call.headers()).containsEntry("x-trace", "7").containsEntry("content-type", "text/plain")
                .doesNotContainKey("authorization");
    }

    @Test
    void invoke_of_a_failing_function_prints_status_and_body_and_exits_1() {
        gateway.answer("POST /function/hello.openfaas-fn", 500, "boom");

        Cli.Result result = cli.runWithInput("", "invoke", "hello");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("Server returned unexpected status code: 500 - boom");
    }

    @Test
    void invoke_rejects_a_method_it_does_not_know() {
        assertThat(cli.run("invoke", "hello", "-m", "BREW").err()).contains("must take one of these values");
    }

    @Test
    void remove_prints_faas_clis_lines_and_fails_for_an_unknown_function() {
        login();
        gateway.answer("DELETE /system/functions", 202, "");

        Cli.Result removed = cli.run("remove", "hello");
        gateway.answer("DELETE /system/functions", 404, "not found");
        Cli.Result missing = cli.run("rm", "hello");

        assertThat(removed.exit()).isZero();
        assertThat(removed.out()).isEqualTo("Deleting: hello.\nRemoving old function.\n");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("No existing function to remove");
        assertThat(last().body()).isEqualTo("{\"functionName\":\"hello\"}");
    }

    @Test
    void version_prints_the_cli_and_the_gateway() throws Exception {
        login();
        gateway.answer("GET /system/info", 200, "{\"provider\":{\"provider\":\"jfaas-local\",\"orchestration\":\"local\","
                + "\"version\":{\"sha\":\"abc\",\"release\":\"0.1.0\"}},\"version\":{\"sha\":\"def\","
                + "\"release\":\"0.2.0\"},\"arch\":\"amd64\"}");

        Cli.Result result = cli.run("version");

        assertThat(result.out()).contains("CLI:\n  commit:  " + Checkout.commit() + "\n")
                .contains("Gateway\n uri:     " + gateway.url()).contains(" sha:     def")
                .contains(" version: 0.2.0").contains(" name:          jfaas-local")
                .contains(" orchestration: local");
    }

    @Test
    void a_bad_flag_says_what_is_wrong_and_how_to_get_help() {
        Cli.Result result = cli.run("list", "--no-such-flag");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("Unknown option: '--no-such-flag'").contains("faas-cli list --help");
    }

    private void writeStack() throws Exception {
        Files.writeString(work.resolve("stack.yml"), """
                provider:
                  name: openfaas
                functions:
                  hello:
                    lang: java
                    handler: ./hello
                    image: hello:latest
                """);
    }
}
