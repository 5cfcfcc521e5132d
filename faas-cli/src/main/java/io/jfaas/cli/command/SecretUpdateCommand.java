package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import io.jfaas.cli.api.GatewayHttp;
import io.jfaas.cli.api.SecretsApi;
import io.jfaas.model.Secret;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code faas-cli secret update NAME}: PUT a new value into a secret that exists. */
@Command(name = "update", aliases = "u", description = "Update a secret from --from-literal, --from-file or STDIN")
public final class SecretUpdateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "SECRET_NAME", description = "The secret to update")
    String name;

    @Mixin
    SecretValueOptions value;

    @Mixin
    GatewayOptions gatewayOptions;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", description = "Namespace of the secret")
    String namespace;

    private final CliContext context;

    public SecretUpdateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        SecretCommand.requireValidName(name, "update");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Secret secret = value.read(context, name, namespace, err);
        String url = gatewayOptions.resolve(context);
        gatewayOptions.warnIfInsecure(url, out);
        out.println("Updating secret: " + SecretCommand.qualified(name, namespace));
        out.flush();
        update(new SecretsApi(gatewayOptions.http(context, url, err)), secret, out);
        out.flush();
        return 0;
    }

    /** PUTs the secret and prints the answer; also how {@code secret create --replace} updates. */
    static void update(SecretsApi api, Secret secret, PrintWriter out) {
        GatewayHttp.Response response = api.update(secret);
        switch (response.status()) {
            case 200, 201, 202 -> out.println("Updated: " + response.statusLine());
            case 404 -> throw new CliFailure("unable to find secret: " + SecretCommand.qualified(secret.name(),
                    secret.namespace()) + ", create it with \"faas-cli secret create " + secret.name()
                    + SecretCommand.namespaceFlag(secret.namespace()) + "\"");
            default -> throw response.failure();
        }
    }
}
