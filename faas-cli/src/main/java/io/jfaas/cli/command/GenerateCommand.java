package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import io.jfaas.cli.build.Template;
import io.jfaas.cli.build.Templates;
import io.jfaas.cli.deploy.DeploymentSpec;
import io.jfaas.cli.generate.FunctionResourceYaml;
import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.Names;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code faas-cli generate}: prints the stack's functions as {@code openfaas.com/v1} Function resources, separated by
 * {@code ---}, for {@code kubectl apply -f -} (the jfaas operator runs them). The fields are those {@code deploy}
 * sends, with the watchdog's command (the stack's or the template's {@code fprocess}) as {@code spec.handler}.
 */
@Command(name = "generate", description = "Generate Kubernetes CRD YAML file")
public final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stack;

    @Option(names = "--api", paramLabel = "API", defaultValue = FunctionResourceYaml.API_VERSION,
            description = "CRD API version, only ${DEFAULT-VALUE} (default: ${DEFAULT-VALUE})")
    String api;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE",
            description = "Namespace of the functions (default: the stack's, else " + Names.DEFAULT_NAMESPACE + ")")
    String namespace;

    private final CliContext context;

    public GenerateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (!FunctionResourceYaml.API_VERSION.equals(api)) {
            throw new CliFailure("--api: \"" + api + "\" is not supported; jfaas generates "
                    + FunctionResourceYaml.API_VERSION + " Function resources only");
        }
        if (namespace != null) {
            Names.namespaceProblem(namespace).ifPresent(problem -> {
                throw new CliFailure("--namespace: " + problem);
            });
        }
        StackOptions.Loaded loaded = stack.require(context);
        Templates templates = Templates.forWorkingDir(context.workingDir());
        DeploymentSpec.Flags flags = new DeploymentSpec.Flags(namespace, Map.of(), Map.of(),
                Map.of(), List.of(), List.of(), false);
        StringBuilder out = new StringBuilder();
        stack.select(loaded).forEach((name, function) -> {
            String templateFprocess = function.lang() == null ? null
                    : templates.find(function.lang()).map(Template::fprocess).orElse(null);
            FunctionDeployment deployment = DeploymentSpec.of(name, function, loaded.dir(), templateFprocess, flags);
            out.append(FunctionResourceYaml.yaml(deployment, Names.DEFAULT_NAMESPACE));
        });
        PrintWriter writer = spec.commandLine().getOut();
        writer.print(out);
        writer.flush();
        return 0;
    }
}
