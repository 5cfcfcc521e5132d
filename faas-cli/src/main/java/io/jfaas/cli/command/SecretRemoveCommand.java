package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import io.jfaas.cli.api.GatewayHttp;
import io.jfaas.cli.api.SecretsApi;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code faas-cli secret remove NAME}: DELETE with the name and namespace in the body, as faas-cli sends it. */
@Command(name = "remove", aliases = {"rm", "delete"}, description = "Remove a secret")
public final class SecretRemoveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "SECRET_NAME", description = "The secret to remove")
    String name;

    @Mixin
    GatewayOptions gatewayOptions;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", description = "Namespace of the secret")
    String namespace;

    private final CliContext context;

    public SecretRemoveCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        SecretCommand.requireName(name, "remove");
        PrintWriter out = spec.commandLine().getOut();
        String url = gatewayOptions.resolve(context);
        gatewayOptions.warnIfInsecure(url, out);
        GatewayHttp.Response response = new SecretsApi(gatewayOptions.http(context, url, spec.commandLine().getErr()))
                .remove(name, namespace);
        switch (response.status()) {
            case 200, 202, 204 -> out.println("Removed.. OK.");
            case 404 -> throw new CliFailure("unable to find secret: " + SecretCommand.qualified(name, namespace)
                    + ", see the secrets with \"faas-cli secret list" + SecretCommand.namespaceFlag(namespace) + "\"");
            default -> throw response.failure();
        }
        out.flush();
        return 0;
    }
}
