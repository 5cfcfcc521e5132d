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

/** {@code faas-cli secret create NAME}: POST; with {@code --replace}, a secret that exists is updated instead. */
@Command(name = "create", description = "Create a new secret from --from-literal, --from-file or STDIN")
public final class SecretCreateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "SECRET_NAME", description = "The secret to create")
    String name;

    @Mixin
    SecretValueOptions value;

    @Mixin
    GatewayOptions gatewayOptions;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", description = "Namespace of the secret")
    String namespace;

    @Option(names = "--replace", description = "Update the secret when it already exists")
    boolean replace;

    private final CliContext context;

    public SecretCreateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        SecretCommand.requireValidName(name, "create");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Secret secret = value.read(context, name, namespace, err);
        String url = gatewayOptions.resolve(context);
        gatewayOptions.warnIfInsecure(url, out);
        SecretsApi api = new SecretsApi(gatewayOptions.http(context, url, err));
        out.println("Creating secret: " + SecretCommand.qualified(name, namespace));
        out.flush();
        GatewayHttp.Response response = api.create(secret);
        switch (response.status()) {
            case 200, 201, 202 -> out.println("Created: " + response.statusLine());
            case 409 -> {
                if (!replace) {
                    throw new CliFailure("secret with the name \"" + name + "\" already exists: change it with"
                            + " \"faas-cli secret update " + name + SecretCommand.namespaceFlag(namespace)
                            + "\", or add --replace");
                }
                out.println("Secret " + name + " already exists, updating...");
                out.flush();
                SecretUpdateCommand.update(api, secret, out);
            }
            default -> throw response.failure();
        }
        out.flush();
        return 0;
    }
}
