package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.build.FunctionBuilder;
import io.jfaas.cli.deploy.Deployer;
import io.jfaas.cli.stack.StackFile.StackFunction;
import io.jfaas.model.FunctionDeployment;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code faas-cli up}: build, push, deploy. In local mode images go to the local image store the gateway reads, so
 * there is nothing to push.
 */
@Command(name = "up", description = "Builds, pushes and deploys OpenFaaS function containers")
public final class UpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stack;

    @Mixin
    GatewayOptions gatewayOptions;

    @Mixin
    DeployCommand.DeployOptions deployOptions;

    @Option(names = "--quiet", description = "Perform a quiet build, without showing output from Maven")
    boolean quiet;

    @Option(names = "--skip-push", description = "Skip pushing function to remote registry")
    boolean skipPush;

    @Option(names = "--skip-deploy", description = "Skip function deployment")
    boolean skipDeploy;

    private final CliContext context;

    public UpCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        StackOptions.Loaded loaded = stack.require(context);
        Map<String, StackFunction> functions = stack.select(loaded);
        String gateway = gatewayOptions.resolve(context, Optional.of(loaded));
        // check the deploy flags before a long build
        List<FunctionDeployment> deployments = deployOptions.deploymentsOf(context, functions, loaded);
        Deployer deployer = deployOptions.deployer(context, gateway, gatewayOptions.tlsNoVerify, out,
                spec.commandLine().getErr());
        new FunctionBuilder(context, out, quiet).buildAll(functions, loaded.dir());
        if (!skipPush) {
            out.println("Skipping push: the gateway in local mode runs images from the local image store.");
        }
        if (!skipDeploy) {
            out.println();
            deployer.deployAll(deployments, deployOptions.update, deployOptions.replace);
        }
        return 0;
    }
}
