package io.jfaas.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.cli.testing.AgainstFakeGateway;
import io.jfaas.cli.testing.Cli;
import io.jfaas.cli.testing.FakeGateway;
import org.junit.jupiter.api.Test;

/** namespaces and namespace list against a recording fake gateway. */
class NamespacesCommandTest extends AgainstFakeGateway {

    private static final String EXPECTED = "Namespaces:\n - openfaas-fn\n - team-a\n";

    @Test
    void namespaces_lists_them_in_faas_clis_layout() {
        login();
        gateway.answer("GET /system/namespaces", 200, "[\"openfaas-fn\",\"team-a\"]");

        Cli.Result result = cli.run("namespaces");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo(EXPECTED);
        FakeGateway.Recorded call = last();
        assertThat(call.method()).isEqualTo("GET");
        assertThat(call.path()).isEqualTo("/system/namespaces");
        assertThat(call.headers()).containsKey("authorization");
    }

    @Test
    void namespace_list_and_the_short_names_print_the_same() {
        login();
        gateway.answer("GET /system/namespaces", 200, "[\"openfaas-fn\",\"team-a\"]");

        assertThat(cli.run("namespace", "list").out()).isEqualTo(EXPECTED);
        assertThat(cli.run("namespace", "ls").out()).isEqualTo(EXPECTED);
        assertThat(cli.run("ns").out()).isEqualTo(EXPECTED);
    }

    @Test
    void json_prints_the_array() throws Exception {
        login();
        gateway.answer("GET /system/namespaces", 200, "[\"openfaas-fn\",\"team-a\"]");

        Cli.Result result = cli.run("namespace", "list", "--json");

        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(result.out())).isEqualTo(json.readTree("[\"openfaas-fn\",\"team-a\"]"));
    }

    @Test
    void without_login_it_tells_the_user_to_log_in() {
        Cli.Result result = cli.run("namespaces");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("Unauthorized access, run \"faas-cli login\"");
    }

    @Test
    void an_unexpected_answer_is_passed_on_with_its_status() {
        login();
        gateway.answer("GET /system/namespaces", 500, "provider unreachable\n");

        Cli.Result result = cli.run("namespaces");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("Server returned unexpected status code: 500 - provider unreachable");
    }

    @Test
    void a_gateway_that_is_not_running_is_named() {
        gateway.close();

        Cli.Result result = cli.run("namespaces");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("Cannot connect to OpenFaaS on URL: " + gateway.url());
    }
}
