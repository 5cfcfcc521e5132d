package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import io.jfaas.cli.config.ConfigFile;
import io.jfaas.cli.stack.GatewayUrl;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code faas-cli logout}: forgets the credentials saved for a gateway. */
@Command(name = "logout", description = "Log out from OpenFaaS gateway")
public final class LogoutCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-g", "--gateway"}, paramLabel = "URL", description = "Gateway URL starting with http(s)://")
    String gateway;

    private final CliContext context;

    public LogoutCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        if (gateway != null && gateway.isBlank()) {
            throw new CliFailure("gateway cannot be an empty string");
        }
        String url = GatewayUrl.resolve(gateway == null ? null : gateway.strip(), null, context.env("OPENFAAS_URL"));
        if (!ConfigFile.of(context).remove(url)) {
            throw new CliFailure("gateway " + url + " not found in config");
        }
        spec.commandLine().getOut().println("credentials removed for " + url);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
