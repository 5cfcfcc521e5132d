package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import io.jfaas.cli.api.NamespacesApi;
import io.jfaas.model.FunctionNamespace;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code faas-cli namespace}: the namespace commands, in OpenFaaS's words ({@code Creating Namespace: NAME}, then
 * {@code Namespace Created: NAME}); alone, it prints their list.
 */
@Command(name = "namespace", description = "Query, create, update, and delete OpenFaaS namespaces",
        subcommands = NamespaceListCommand.class)
public final class NamespaceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final CliContext context;

    public NamespaceCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    @Command(name = "create", description = "Create a new namespace")
    int create(@Mixin GatewayOptions gateway, @Mixin NamespaceFields fields,
               @Parameters(paramLabel = "NAME", description = "The namespace") String name) {
        return change(gateway, name, "Creating", "Created", api -> api.create(fields.namespace(name)));
    }

    @Command(name = "update", description = "Update a namespace")
    int update(@Mixin GatewayOptions gateway, @Mixin NamespaceFields fields,
               @Parameters(paramLabel = "NAME", description = "The namespace") String name) {
        return change(gateway, name, "Updating", "Updated", api -> api.update(fields.namespace(name)));
    }

    @Command(name = "delete", aliases = {"remove", "rm"}, description = "Delete existing namespace")
    int delete(@Mixin GatewayOptions gateway,
               @Parameters(paramLabel = "NAME", description = "The namespace") String name) {
        return change(gateway, name, "Deleting", "Deleted", api -> api.delete(name));
    }

    @Command(name = "get", description = "Get existing namespace")
    int get(@Mixin GatewayOptions gateway,
            @Parameters(paramLabel = "NAME", description = "The namespace") String name) {
        FunctionNamespace namespace = api(gateway).get(name)
                .orElseThrow(() -> new CliFailure("namespace " + name + " not found"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("Name: " + namespace.name());
        print(out, "Labels", namespace.labels());
        print(out, "Annotations", namespace.annotations());
        out.flush();
        return 0;
    }

    private int change(GatewayOptions gateway, String name, String doing, String done, Consumer<NamespacesApi> call) {
        PrintWriter out = spec.commandLine().getOut();
        NamespacesApi api = api(gateway);
        out.println(doing + " Namespace: " + name);
        out.flush();
        call.accept(api);
        out.println("Namespace " + done + ": " + name);
        out.flush();
        return 0;
    }

    private NamespacesApi api(GatewayOptions gateway) {
        return new NamespacesApi(gateway.http(context, gateway.resolve(context), spec.commandLine().getErr()));
    }

    private static void print(PrintWriter out, String label, Map<String, String> values) {
        if (values.isEmpty()) {
            out.println(label + ": <none>");
            return;
        }
        out.println(label + ":");
        new TreeMap<>(values).forEach((key, value) -> out.println(" " + key + ": " + value));
    }
}
