package io.jfaas.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.cli.testing.AgainstFakeGateway;
import io.jfaas.cli.testing.Cli;
import io.jfaas.cli.testing.FakeGateway;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** secret create, update, list and remove against a recording fake gateway. */
class SecretCommandsTest extends AgainstFakeGateway {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void create_from_literal_posts_the_trimmed_value_and_prints_faas_clis_lines() throws Exception {
        login();
        gateway.answer("POST /system/secrets", 202, "");

        Cli.Result result = cli.run("secret", "create", "api-key", "--from-literal", "  s3cr3t \n", "-n", "team-a");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("Creating secret: api-key.team-a\nCreated: 202 Accepted\n");
        List<FakeGateway.Recorded> calls = secretCalls();
        assertThat(calls).extracting(FakeGateway.Recorded::method).containsExactly("POST");
        assertThat(calls.get(0).headers()).containsKey("authorization")
                .containsEntry("content-type", "application/json");
        assertThat(JSON.readTree(calls.get(0).body())).isEqualTo(JSON.readTree(
                "{\"name\":\"api-key\",\"namespace\":\"team-a\",\"value\":\"s3cr3t\"}"));
    }

    @Test
    void create_reads_the_value_from_stdin_when_no_flag_gives_one() throws Exception {
        login();
        gateway.answer("POST /system/secrets", 202, "");

        Cli.Result result = cli.runWithInput("from-stdin\n", "secret", "create", "api-key");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("Creating secret: api-key\nCreated: 202 Accepted\n");
        assertThat(JSON.readTree(secretCalls().get(0).body()))
                .isEqualTo(JSON.readTree("{\"name\":\"api-key\",\"value\":\"from-stdin\"}"));
    }

    @Test
    void create_with_trim_false_keeps_the_whitespace() throws Exception {
        login();
        gateway.answer("POST /system/secrets", 202, "");

        Cli.Result result = cli.runWithInput("  padded \n", "secret", "create", "api-key", "--trim=false");

        assertThat(result.exit()).isZero();
        assertThat(JSON.readTree(secretCalls().get(0).body()).get("value").asText()).isEqualTo("  padded \n");
    }

    @Test
    void create_from_file_sends_the_bytes_as_they_are_as_raw_value() throws Exception {
        login();
        gateway.answer("POST /system/secrets", 202, "");
        byte[] bytes = {0, 1, 2, (byte) 0xff, ' ', '\n'};
        Files.write(work.resolve("key.bin"), bytes);

        Cli.Result result = cli.run("secret", "create", "binary-key", "--from-file", "key.bin");

        assertThat(result.exit()).isZero();
        JsonNode body = JSON.readTree(secretCalls().get(0).body());
        assertThat(body.has("value")).isFalse();
        assertThat(Base64.getDecoder().decode(body.get("rawValue").asText())).containsExactly(bytes);
    }

    @Test
    void create_refuses_two_sources_at_once_and_sends_nothing() throws Exception {
        login();
        Files.writeString(work.resolve("value.txt"), "from-file");

        Cli.Result result = cli.run("secret", "create", "api-key", "--from-literal", "x", "--from-file", "value.txt");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("Please provide secret using only one option from --from-literal,"
                + " --from-file and STDIN");
        assertThat(secretCalls()).isEmpty();
    }

    @Test
    void create_refuses_an_empty_value_and_sends_nothing() {
        login();

        Cli.Result blankLiteral = cli.run("secret", "create", "api-key", "--from-literal", "   ");
        Cli.Result emptyStdin = cli.runWithInput("", "secret", "create", "api-key");

        assertThat(blankLiteral.exit()).isEqualTo(1);
        assertThat(blankLiteral.err()).contains("Must provide a non empty secret via --from-literal, --from-file or"
                + " STDIN");
        assertThat(emptyStdin.exit()).isEqualTo(1);
        assertThat(emptyStdin.err()).contains("Must provide a non empty secret");
        assertThat(secretCalls()).isEmpty();
    }

    @Test
    void create_from_a_missing_file_names_the_file() {
        login();

        Cli.Result result = cli.run("secret", "create", "api-key", "--from-file", "missing.txt");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("Unable to read secret file: " + work.resolve("missing.txt"));
        assertThat(secretCalls()).isEmpty();
    }

    @Test
    void create_refuses_a_name_the_gateway_would_reject_and_one_that_is_missing() {
        login();

        Cli.Result invalid = cli.run("secret", "create", "Bad_Name", "--from-literal", "x");
        Cli.Result missing = cli.run("secret", "create", "--from-literal", "x");

        assertThat(invalid.exit()).isEqualTo(1);
        assertThat(invalid.err()).contains("Secret name: (Bad_Name) is invalid, must be a DNS-1123 subdomain");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("Secret name required, e.g. \"faas-cli secret create NAME\"");
        assertThat(secretCalls()).isEmpty();
    }

    @Test
    void create_of_a_secret_that_exists_says_to_update_it_or_use_replace() {
        login();
        gateway.answer("POST /system/secrets", 409, "secret api-key already exists\n");

        Cli.Result result = cli.run("secret", "create", "api-key", "--from-literal", "x", "-n", "team-a");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).isEqualTo("Creating secret: api-key.team-a\n");
        assertThat(result.err()).contains("Secret with the name \"api-key\" already exists: change it with"
                + " \"faas-cli secret update api-key -n team-a\", or add --replace");
        assertThat(secretCalls()).extracting(FakeGateway.Recorded::method).containsExactly("POST");
    }

    @Test
    void create_with_replace_updates_a_secret_that_exists() {
        login();
        gateway.answer("POST /system/secrets", 409, "secret api-key already exists\n");
        gateway.answer("PUT /system/secrets", 202, "");

        Cli.Result result = cli.run("secret", "create", "api-key", "--from-literal", "new", "--replace");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("Creating secret: api-key\nSecret api-key already exists, updating...\n"
                + "Updated: 202 Accepted\n");
        List<FakeGateway.Recorded> calls = secretCalls();
        assertThat(calls).extracting(FakeGateway.Recorded::method).containsExactly("POST", "PUT");
        assertThat(calls.get(1).body()).isEqualTo(calls.get(0).body()).contains("\"value\":\"new\"");
    }

    @Test
    void create_without_login_tells_the_user_to_log_in() {
        Cli.Result result = cli.run("secret", "create", "api-key", "--from-literal", "x");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("Unauthorized access, run \"faas-cli login\"");
    }

    @Test
    void create_passes_on_an_unexpected_answer_with_its_status_and_message() {
        login();
        gateway.answer("POST /system/secrets", 500, "disk full\n");

        Cli.Result result = cli.run("secret", "create", "api-key", "--from-literal", "x");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("Server returned unexpected status code: 500 - disk full");
    }

    @Test
    void update_puts_the_new_value() throws Exception {
        login();
        gateway.answer("PUT /system/secrets", 202, "");

        Cli.Result result = cli.run("secret", "update", "api-key", "--from-literal", "rotated", "-n", "team-a");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("Updating secret: api-key.team-a\nUpdated: 202 Accepted\n");
        List<FakeGateway.Recorded> calls = secretCalls();
        assertThat(calls).extracting(FakeGateway.Recorded::method).containsExactly("PUT");
        assertThat(JSON.readTree(calls.get(0).body())).isEqualTo(JSON.readTree(
                "{\"name\":\"api-key\",\"namespace\":\"team-a\",\"value\":\"rotated\"}"));
    }

    @Test
    void update_of_a_secret_that_does_not_exist_says_to_create_it() {
        login();
        gateway.answer("PUT /system/secrets", 404, "secret not found\n");

        Cli.Result result = cli.run("secret", "update", "api-key", "--from-literal", "x");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("Unable to find secret: api-key, create it with"
                + " \"faas-cli secret create api-key\"");
    }

    @Test
    void list_prints_faas_clis_table_of_names_for_the_namespace() {
        login();
        gateway.answer("GET /system/secrets", 200,
                "[{\"name\":\"api-key\",\"namespace\":\"team-a\"},{\"name\":\"db-password\",\"namespace\":\"team-a\"}]");

        Cli.Result result = cli.run("secret", "list", "-n", "team-a");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("\nNAME\napi-key\ndb-password\n\n");
        assertThat(last().method()).isEqualTo("GET");
        assertThat(last().query()).isEqualTo("namespace=team-a");
    }

    @Test
    void list_of_no_secrets_says_so() {
        login();
        gateway.answer("GET /system/secrets", 200, "[]");

        Cli.Result result = cli.run("secret", "ls");

        assertThat(result.out()).isEqualTo("No secrets found.\n");
        assertThat(last().query()).isNull();
    }

    @Test
    void list_json_prints_the_array() throws Exception {
        login();
        gateway.answer("GET /system/secrets", 200, "[{\"name\":\"api-key\",\"namespace\":\"openfaas-fn\"}]");

        Cli.Result result = cli.run("secret", "list", "--json");

        assertThat(result.exit()).isZero();
        assertThat(JSON.readTree(result.out()))
                .isEqualTo(JSON.readTree("[{\"name\":\"api-key\",\"namespace\":\"openfaas-fn\"}]"));
    }

    @Test
    void remove_sends_name_and_namespace_in_the_body_under_every_alias() throws Exception {
        login();
        gateway.answer("DELETE /system/secrets", 202, "");

        List<Cli.Result> results = List.of(cli.run("secret", "remove", "api-key", "-n", "team-a"),
                cli.run("secret", "rm", "api-key", "-n", "team-a"),
                cli.run("secret", "delete", "api-key", "-n", "team-a"));

        assertThat(results).allSatisfy(result -> {
            assertThat(result.exit()).isZero();
            assertThat(result.out()).isEqualTo("Removed.. OK.\n");
        });
        List<FakeGateway.Recorded> calls = secretCalls();
        assertThat(calls).extracting(FakeGateway.Recorded::method).containsExactly("DELETE", "DELETE", "DELETE");
        assertThat(JSON.readTree(calls.get(0).body()))
                .isEqualTo(JSON.readTree("{\"name\":\"api-key\",\"namespace\":\"team-a\"}"));
    }

    @Test
    void remove_of_a_secret_that_does_not_exist_fails_and_points_at_the_list() {
        login();
        gateway.answer("DELETE /system/secrets", 404, "secret not found\n");

        Cli.Result result = cli.run("secret", "remove", "ghost");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("Unable to find secret: ghost, see the secrets with \"faas-cli secret list\"");
    }

    @Test
    void secret_alone_lists_its_commands() {
        Cli.Result result = cli.run("secret");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("create").contains("update").contains("list").contains("remove");
        assertThat(gateway.requests()).isEmpty();
    }

    @Test
    void every_secret_command_shows_its_help() {
        Cli.Result result = cli.run("secret", "create", "--help");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).startsWith("Usage: faas-cli secret create").contains("--from-literal=VALUE")
                .contains("--from-file=FILE").contains("--replace").contains("--trim");
        assertThat(cli.run("secret", "remove", "-h").out()).startsWith("Usage: faas-cli secret remove");
        assertThat(gateway.requests()).isEmpty();
    }

    private List<FakeGateway.Recorded> secretCalls() {
        return gateway.requests().stream().filter(r -> r.path().equals("/system/secrets")).toList();
    }
}
