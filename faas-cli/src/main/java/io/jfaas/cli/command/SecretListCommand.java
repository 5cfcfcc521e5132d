package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.api.SecretsApi;
import io.jfaas.model.Secret;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code faas-cli secret list}: the names of a namespace's secrets, in faas-cli's layout (values never). */
@Command(name = "list", aliases = "ls", description = "List all secrets")
public final class SecretListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GatewayOptions gatewayOptions;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", description = "Namespace of the secrets")
    String namespace;

    @Option(names = {"-j", "--json"}, description = "Output as JSON")
    boolean json;

    private final CliContext context;

    public SecretListCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String url = gatewayOptions.resolve(context);
        if (!json) {
            gatewayOptions.warnIfInsecure(url, out);
        }
        List<Secret> secrets = new SecretsApi(gatewayOptions.http(context, url, spec.commandLine().getErr()))
                .list(namespace);
        if (json) {
            JsonOutput.print(out, secrets);
        } else if (secrets.isEmpty()) {
            out.println("No secrets found.");
        } else {
            // faas-cli's table: a blank line, the header, one name a line, a blank line
            out.println();
            out.println("NAME");
            secrets.forEach(secret -> out.println(secret.name()));
            out.println();
        }
        out.flush();
        return 0;
    }
}
