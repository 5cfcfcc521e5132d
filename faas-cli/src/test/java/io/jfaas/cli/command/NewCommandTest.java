package io.jfaas.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfaas.cli.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NewCommandTest {

    @TempDir
    Path home;

    @TempDir
    Path work;

    @Test
    void writes_the_function_folder_and_its_stack_file() throws Exception {
        Cli.Result result = new Cli(home, work).run("new", "--lang", "java", "hello");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("Folder: hello created.").contains("Function created in folder: hello")
                .contains("Stack file written: hello.yml").contains("Notes:");
        assertThat(work.resolve("hello/pom.xml")).exists();
        assertThat(work.resolve("hello/src/main/java/function/Handler.java")).exists();
        assertThat(work.resolve("hello/src/test/java/function/HandlerTest.java")).exists();
        assertThat(Files.readString(work.resolve("hello.yml"))).isEqualTo("""
                version: 1.0
                provider:
                  name: openfaas
                  gateway: http://127.0.0.1:8080
                functions:
                  hello:
                    lang: java
                    handler: ./hello
                    image: hello:latest

                """);
        assertThat(Files.readAllLines(work.resolve(".gitignore"))).contains("template", "build", ".secrets");
    }

    @Test
    void writes_the_template_folder_openfaas_faas_cli_builds_from_and_keeps_one_that_is_there() throws Exception {
        Cli.Result first = new Cli(home, work).run("new", "--lang", "java", "hello");
        Files.writeString(work.resolve("template/java/template.yml"), "language: java\n# edited\n");

        Cli.Result second = new Cli(home, work).run("new", "--lang", "java", "other");

        assertThat(first.out()).contains("Template: ./template/java written");
        assertThat(work.resolve("template/java/Dockerfile")).content().contains("FROM ghcr.io/jfaas/function-runtime");
        assertThat(work.resolve("template/java/function/pom.xml")).content().doesNotContain("@project.version@");
        assertThat(work.resolve("template/java/function/src/main/java/function/Handler.java")).exists();
        assertThat(second.exit()).isZero();
        assertThat(second.out()).doesNotContain("Template: ./template/java written");
        assertThat(work.resolve("template/java/template.yml")).content().contains("# edited");
    }

    @Test
    void the_generated_pom_depends_on_this_function_api() throws Exception {
        new Cli(home, work).run("new", "--lang", "java", "hello");

        assertThat(Files.readString(work.resolve("hello/pom.xml")))
                .contains("<artifactId>function-api</artifactId>")
                .doesNotContain("@project.version@")
                .containsPattern("<jfaas.version>\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?</jfaas.version>");
    }

    @Test
    void gateway_prefix_and_limits_go_into_the_stack_file() throws Exception {
        Cli.Result result = new Cli(home, work).env("OPENFAAS_PREFIX", "ghcr.io/me")
                .run("new", "--lang", "java", "api", "-g", "http://GW:9090/", "--memory-limit", "256Mi",
                        "--cpu-request", "100m", "-q");

        assertThat(result.out()).doesNotContain("Notes:");
        assertThat(Files.readString(work.resolve("api.yml")))
                .contains("gateway: http://gw:9090\n")
                .contains("image: ghcr.io/me/api:latest\n")
                .contains("    requests:\n      cpu: 100m\n")
                .contains("    limits:\n      memory: 256Mi\n");
    }

    @Test
    void append_adds_a_function_to_an_existing_stack() throws Exception {
        Cli cli = new Cli(home, work);
        cli.run("new", "--lang", "java", "one");

        Cli.Result result = cli.run("new", "--lang", "java", "two", "--append", "one.yml");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("Stack file updated: one.yml");
        assertThat(Files.readString(work.resolve("one.yml"))).contains("  one:\n").contains("  two:\n")
                .containsOnlyOnce("provider:");
        assertThat(cli.run("new", "--lang", "java", "two", "--append", "one.yml", "--handler", "two-b").err())
                .contains("Function two already exists in one.yml");
    }

    @Test
    void list_shows_the_templates_shipped_with_the_cli() {
        Cli.Result result = new Cli(home, work).run("new", "--list");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).startsWith("Languages available as templates:\n").contains("- java\n");
    }

    @Test
    void a_name_that_is_not_dns_1123_is_refused() {
        Cli.Result result = new Cli(home, work).run("new", "--lang", "java", "Hello_World");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("Function name can only contain a-z, 0-9 and dashes");
        assertThat(work.resolve("Hello_World")).doesNotExist();
    }

    @Test
    void an_unknown_language_is_refused_listing_what_there_is() {
        Cli.Result result = new Cli(home, work).run("new", "--lang", "cobol", "hello");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("\"cobol\" was not found").contains("available: java");
    }

    @Test
    void an_existing_folder_or_stack_file_is_never_overwritten() throws Exception {
        Files.createDirectories(work.resolve("taken"));
        Files.writeString(work.resolve("stacked.yml"), "keep me");
        Cli cli = new Cli(home, work);

        assertThat(cli.run("new", "--lang", "java", "taken").err()).contains("Folder: taken already exists");
        assertThat(cli.run("new", "--lang", "java", "stacked").err())
                .contains("File: stacked.yml already exists. Try \"faas-cli new --append stacked.yml\" instead");
        assertThat(Files.readString(work.resolve("stacked.yml"))).isEqualTo("keep me");
        assertThat(work.resolve("stacked")).doesNotExist();
    }

    @Test
    void without_a_language_it_says_which_flag_is_missing() {
        Cli.Result result = new Cli(home, work).run("new", "hello");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("You must supply a function language with the --lang flag");
    }
}
