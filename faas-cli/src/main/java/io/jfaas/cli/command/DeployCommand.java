package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import io.jfaas.cli.api.FunctionsApi;
import io.jfaas.cli.api.GatewayHttp;
import io.jfaas.cli.build.Template;
import io.jfaas.cli.build.Templates;
import io.jfaas.cli.deploy.Deployer;
import io.jfaas.cli.deploy.DeploymentSpec;
import io.jfaas.cli.stack.StackFile.StackFunction;
import io.jfaas.contracts.Durations;
import io.jfaas.model.FunctionDeployment;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code faas-cli deploy}: the stack's functions (or one given by {@code --image} and {@code --name}). */
@Command(name = "deploy", description = "Deploy OpenFaaS functions")
public final class DeployCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stack;

    @Mixin
    GatewayOptions gatewayOptions;

    @Mixin
    DeployOptions deployOptions;

    @Option(names = "--image", paramLabel = "IMAGE", description = "Image to deploy, without a stack file")
    String image;

    @Option(names = "--name", paramLabel = "NAME", description = "Name of the deployed function, without a stack file")
    String name;

    @Option(names = "--fprocess", paramLabel = "CMD", description = "fprocess to be run by the watchdog")
    String fprocess;

    private final CliContext context;

    public DeployCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Optional<StackOptions.Loaded> loaded = image == null ? stack.load(context) : Optional.empty();
        String gateway = gatewayOptions.resolve(context, loaded);
        List<FunctionDeployment> deployments = new ArrayList<>();
        if (loaded.isPresent()) {
            deployments.addAll(deployOptions.deploymentsOf(context, stack.select(loaded.get()), loaded.get()));
        } else {
            if (image == null || name == null) {
                throw new CliFailure("to deploy a function give --yaml/-f or a --image and --name flag");
            }
            StackFunction function = new StackFunction(null, null, image, fprocess, null, null, null, null, null,
                    null, null, null, null, false, false, null, null, null, null);
            deployments.add(DeploymentSpec.of(name, function, context.workingDir(), null, deployOptions.flags()));
        }
        deployOptions.deployer(context, gateway, gatewayOptions.tlsNoVerify, spec.commandLine().getOut(),
                spec.commandLine().getErr()).deployAll(deployments, deployOptions.update, deployOptions.replace);
        return 0;
    }

    /** The flags {@code deploy} and {@code up} share. */
    static final class DeployOptions {

        @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", description = "Namespace of the function")
        String namespace;

        @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", description = "Set one or more environment variables")
        List<String> env = new ArrayList<>();

        @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "Set one or more labels")
        List<String> labels = new ArrayList<>();

        @Option(names = "--annotation", paramLabel = "KEY=VALUE", description = "Set one or more annotations")
        List<String> annotations = new ArrayList<>();

        @Option(names = "--secret", paramLabel = "NAME", description = "Give the function access to a secure secret")
        List<String> secrets = new ArrayList<>();

        @Option(names = "--constraint", paramLabel = "EXPR", description = "Apply a constraint to the function")
        List<String> constraints = new ArrayList<>();

        @Option(names = "--readonly", description = "Use a read-only root filesystem")
        boolean readOnly;

        @Option(names = "--replace", description = "Remove and re-create existing function(s)")
        boolean replace;

        @Option(names = "--update", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Perform rolling update on existing function(s) (default: ${DEFAULT-VALUE})")
        boolean update;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
                description = "Timeout for any HTTP calls made to the OpenFaaS API (default: ${DEFAULT-VALUE})")
        String timeout;

        DeploymentSpec.Flags flags() {
            return new DeploymentSpec.Flags(namespace, DeploymentSpec.parsePairs(env, "envvar"),
                    DeploymentSpec.parsePairs(labels, "label"), DeploymentSpec.parsePairs(annotations, "annotation"),
                    secrets, constraints, readOnly);
        }

        List<FunctionDeployment> deploymentsOf(CliContext context, Map<String, StackFunction> functions,
                                               StackOptions.Loaded loaded) {
            Templates templates = Templates.forWorkingDir(context.workingDir());
            DeploymentSpec.Flags flags = flags();
            List<FunctionDeployment> deployments = new ArrayList<>();
            functions.forEach((functionName, function) -> {
                String templateFprocess = function.lang() == null ? null
                        : templates.find(function.lang()).map(Template::fprocess).orElse(null);
                deployments.add(DeploymentSpec.of(functionName, function, loaded.dir(), templateFprocess, flags));
            });
            return deployments;
        }

        Deployer deployer(CliContext context, String gateway, boolean tlsNoVerify, PrintWriter out, PrintWriter err) {
            if (replace && update) {
                out.println("Cannot specify --update and --replace at the same time. One of --update or --replace"
                        + " must be false.\n  --replace    removes an existing deployment before re-creating it\n"
                        + "  --update     performs a rolling update to a new function image or configuration"
                        + " (default true)");
                throw new CliFailure("cannot specify --update and --replace at the same time");
            }
            Duration callTimeout;
            try {
                callTimeout = Durations.parse(timeout);
            } catch (IllegalArgumentException e) {
                throw new CliFailure("--timeout: " + e.getMessage());
            }
            return new Deployer(new FunctionsApi(GatewayHttp.of(context, gateway, callTimeout, err)), gateway,
                    tlsNoVerify, out);
        }
    }
}
