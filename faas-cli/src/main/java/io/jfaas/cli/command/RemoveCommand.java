package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import io.jfaas.cli.api.FunctionsApi;
import io.jfaas.cli.api.GatewayHttp;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code faas-cli remove NAME}, or every function of the stack file. With a name, an unknown function is an error;
 * for a stack, it is skipped, as faas-cli does.
 */
@Command(name = "remove", aliases = {"rm", "delete"}, description = "Remove deployed OpenFaaS functions")
public final class RemoveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "FUNCTION_NAME", description = "The function to remove")
    String name;

    @Mixin
    StackOptions stack;

    @Mixin
    GatewayOptions gatewayOptions;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", description = "Namespace of the function")
    String namespace;

    private final CliContext context;

    public RemoveCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Optional<StackOptions.Loaded> loaded = stack.load(context);
        String gateway = gatewayOptions.resolve(context, loaded);
        FunctionsApi api = gatewayOptions.functionsApi(context, gateway, spec.commandLine().getErr());
        if (name != null && !name.isBlank()) {
            remove(api, out, gateway, name, namespace, true);
            return 0;
        }
        if (loaded.isEmpty() || loaded.get().stack().functions().isEmpty()) {
            throw new CliFailure("please provide the name of a function to delete");
        }
        Map<String, io.jfaas.cli.stack.StackFile.StackFunction> functions = stack.select(loaded.get());
        functions.forEach((functionName, function) -> remove(api, out, gateway, functionName,
                namespace != null ? namespace : function.namespace(), false));
        return 0;
    }

    private static void remove(FunctionsApi api, PrintWriter out, String gateway, String functionName, String ns,
                               boolean single) {
        out.println("Deleting: " + functionName + "." + (ns == null ? "" : ns));
        out.flush();
        GatewayHttp.Response response;
        try {
            response = api.delete(functionName, ns);
        } catch (IOException e) {
            throw new CliFailure("Error removing existing function: " + e.getMessage() + ", gateway=" + gateway
                    + ", functionName=" + functionName, e);
        }
        switch (response.status()) {
            case 200, 201, 202 -> out.println("Removing old function.");
            case 404 -> {
                if (single) {
                    throw new CliFailure("No existing function to remove");
                }
            }
            case 401 -> throw new CliFailure(GatewayHttp.UNAUTHORIZED);
            default -> throw new CliFailure("Server returned unexpected status code " + response.status() + " "
                    + response.text().strip());
        }
        out.flush();
    }
}
