package io.jfaas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfaas.cli.command.ListCommand;
import io.jfaas.cli.command.RemoveCommand;
import io.jfaas.cli.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaasCliTest {

    @TempDir
    Path home;

    @Test
    void a_command_line_builds_only_the_command_it_names_by_name_or_alias() {
        assertThat(FaasCli.commandsFor("list", "--gateway", "http://x")).containsExactly(ListCommand.class);
        assertThat(FaasCli.commandsFor("ls")).containsExactly(ListCommand.class);
        assertThat(FaasCli.commandsFor("rm", "hello")).containsExactly(RemoveCommand.class);
    }

    @Test
    void help_a_mistyped_command_or_none_builds_them_all() {
        assertThat(FaasCli.commandsFor()).isEqualTo(FaasCli.COMMANDS);
        assertThat(FaasCli.commandsFor("--help")).isEqualTo(FaasCli.COMMANDS);
        assertThat(FaasCli.commandsFor("help", "list")).isEqualTo(FaasCli.COMMANDS);
        assertThat(FaasCli.commandsFor("lsit")).isEqualTo(FaasCli.COMMANDS);
    }

    @Test
    void help_still_lists_every_command_and_a_named_one_still_takes_the_inherited_help_flag() {
        Cli cli = new Cli(home, home);

        Cli.Result help = cli.run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("list", "describe", "invoke", "deploy", "namespace", "version");

        Cli.Result listHelp = cli.run("list", "--help");
        assertThat(listHelp.exit()).isZero();
        assertThat(listHelp.out()).contains("Usage: faas-cli list", "-h, --help");
    }
}
