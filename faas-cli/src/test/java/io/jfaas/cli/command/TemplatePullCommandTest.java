package io.jfaas.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfaas.cli.build.Templates;
import io.jfaas.cli.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code faas-cli template pull} from a real git repository on this machine (a bare one, as a server holds it). */
class TemplatePullCommandTest {

    @TempDir
    Path home;

    @TempDir
    Path work;

    @TempDir
    Path repos;

    @Test
    void pulls_every_template_of_a_repository_into_the_template_folder() throws Exception {
        String url = bareRepository("templates", true);

        Cli.Result pulled = new Cli(home, work).run("template", "pull", url);

        assertThat(pulled.exit()).as(pulled.all()).isZero();
        assertThat(pulled.out()).contains("Fetch templates from repository: " + url + " at ",
                "Attempting to expand templates from " + url, "Fetched 1 template(s) : [java] from " + url);
        assertThat(work.resolve("template/java/template.yml")).exists();
        assertThat(work.resolve("template/java/Dockerfile")).exists();
        assertThat(work.resolve("template/java/function/pom.xml")).exists();
        assertThat(new Cli(home, work).run("new", "--list").out()).contains("- java");
    }

    @Test
    void keeps_templates_already_there_unless_asked_to_overwrite() throws Exception {
        String url = bareRepository("templates", true);
        new Cli(home, work).run("template", "pull", url);
        Files.writeString(work.resolve("template/java/template.yml"), "language: java\n# mine\n");

        Cli.Result kept = new Cli(home, work).run("template", "pull", url);
        String afterKeep = Files.readString(work.resolve("template/java/template.yml"));
        Cli.Result overwritten = new Cli(home, work).run("template", "pull", url, "--overwrite");

        assertThat(kept.out()).contains("Cannot overwrite the following 1 template(s): [java]", "--overwrite",
                "Fetched 0 template(s) : [] from " + url);
        assertThat(afterKeep).contains("# mine");
        assertThat(overwritten.out()).contains("Fetched 1 template(s) : [java]");
        assertThat(work.resolve("template/java/template.yml")).content().doesNotContain("# mine");
    }

    @Test
    void a_branch_or_tag_after_a_hash_is_what_is_cloned() throws Exception {
        String url = bareRepository("templates", true);
        git(repos.resolve("templates-src"), "tag", "v1");
        git(repos.resolve("templates-src"), "push", "-q", url, "v1");

        Cli.Result pulled = new Cli(home, work).run("template", "pull", url + "#v1");
        Cli.Result missing = new Cli(home, work).run("template", "pull", url + "#no-such-tag", "--overwrite");

        assertThat(pulled.exit()).as(pulled.all()).isZero();
        assertThat(pulled.out()).contains("Fetch templates from repository: " + url + " at v1");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.all()).contains("nable to clone " + url + " at no-such-tag");
    }

    @Test
    void a_repository_without_a_template_folder_or_that_cannot_be_cloned_is_an_error_that_says_so() throws Exception {
        String empty = bareRepository("not-templates", false);

        Cli.Result noTemplates = new Cli(home, work).run("template", "pull", empty);
        Cli.Result nowhere = new Cli(home, work).run("template", "pull", repos.resolve("nothing-here").toUri()
                .toString());

        assertThat(noTemplates.exit()).isEqualTo(1);
        assertThat(noTemplates.all()).contains("has no template/ folder");
        assertThat(nowhere.exit()).isEqualTo(1);
        assertThat(nowhere.all()).contains("nable to clone");
        assertThat(work.resolve("template")).doesNotExist();
    }

    @Test
    void pull_stack_pulls_the_sources_the_stack_file_names() throws Exception {
        String url = bareRepository("templates", true);
        Files.writeString(work.resolve("stack.yaml"), """
                version: 1.0
                provider:
                  name: openfaas
                configuration:
                  templates:
                    - name: java
                      source: %s
                functions: {}
                """.formatted(url));
        Files.writeString(work.resolve("bare.yml"), "provider:\n  name: openfaas\nfunctions: {}\n");

        Cli.Result pulled = new Cli(home, work).run("template", "pull", "stack");
        Cli.Result none = new Cli(home, work).run("template", "pull", "stack", "-f", "bare.yml");

        assertThat(pulled.exit()).as(pulled.all()).isZero();
        assertThat(pulled.out()).contains("Pulling template: java from configuration file: stack.yaml",
                "Fetched 1 template(s) : [java] from " + url);
        assertThat(work.resolve("template/java/template.yml")).exists();
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.all()).contains("bare.yml names none under configuration.templates");
    }

    @Test
    void without_a_url_writes_the_templates_shipped_with_the_cli() {
        Cli.Result pulled = new Cli(home, work).run("template", "pull");

        assertThat(pulled.exit()).isZero();
        assertThat(pulled.out()).contains("Fetched 1 template(s) : [java] from this faas-cli");
        assertThat(work.resolve("template/java/template.yml")).exists();
    }

    /** A bare repository holding the CLI's java template under template/java (or a README alone), as a file: URL. */
    private String bareRepository(String name, boolean withTemplates) throws Exception {
        Path source = repos.resolve(name + "-src");
        Files.createDirectories(source);
        Files.writeString(source.resolve("README.md"), "templates\n");
        if (withTemplates) {
            Path java = Files.createDirectories(source.resolve("template/java"));
            NewCommand.copyTree(Templates.shipped().find("java").orElseThrow().root(), java);
        }
        git(source, "init", "-q", "-b", "main");
        git(source, "add", ".");
        git(source, "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "templates");
        Path bare = repos.resolve(name + ".git");
        git(repos, "clone", "-q", "--bare", source.toString(), bare.toString());
        return bare.toUri().toString();
    }

    private static void git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process git = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(git.getInputStream().readAllBytes());
        assertThat(git.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(git.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }
}
