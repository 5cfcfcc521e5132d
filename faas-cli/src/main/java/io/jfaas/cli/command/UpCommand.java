package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import io.jfaas.cli.api.GatewayHttp;
import io.jfaas.cli.api.InfoApi;
import io.jfaas.cli.build.FunctionBuilder;
import io.jfaas.cli.build.FunctionImages;
import io.jfaas.model.GatewayInfo;
import java.time.Duration;
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
 * {@code faas-cli up}: build, push, deploy. Against a gateway in local mode images go to the local image store the
 * gateway reads, so there is nothing to push; else each function's image is built and pushed to its registry.
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

    @Mixin
    ImageOptions imageOptions;

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
        // a local-mode gateway runs functions from the local image store: nothing to push, nor a base to find
        boolean local = skipPush || isLocal(gateway, out);
        FunctionImages images = skipPush || local ? null : imageOptions.images(context, out);
        new FunctionBuilder(context, out, quiet).buildAll(functions, loaded.dir());
        if (skipPush) {
            out.println("Skipping push (--skip-push).");
        } else if (local) {
            out.println("Skipping push: the gateway at " + gateway + " runs in local mode, from the local image store"
                    + " this build wrote.");
        } else {
            out.println();
            PushCommand.pushAll(functions, loaded, images, out);
        }
        if (!skipDeploy) {
            out.println();
            deployer.deployAll(deployments, deployOptions.update, deployOptions.replace);
        }
        return 0;
    }

    /** Whether the gateway runs the local provider ({@code /system/info}'s orchestration {@code local}). */
    private boolean isLocal(String gateway, PrintWriter out) {
        try {
            GatewayInfo info = new InfoApi(GatewayHttp.of(context, gateway, Duration.ofSeconds(5),
                    spec.commandLine().getErr())).info();
            return info.provider() != null && "local".equals(info.provider().orchestration());
        } catch (CliFailure e) {
            out.println("Cannot ask " + gateway + " which provider it runs (" + e.getMessage() + "): pushing.");
            return false;
        }
    }
}
