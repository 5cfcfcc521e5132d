package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import io.jfaas.cli.Version;
import io.jfaas.cli.api.GatewayHttp;
import io.jfaas.cli.api.InfoApi;
import io.jfaas.model.GatewayInfo;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code faas-cli version}: the CLI's version, then the gateway's and its provider's when the gateway answers (a
 * gateway that does not is left out, as faas-cli does).
 */
@Command(name = "version", description = "Display the clients version information")
public final class VersionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stack;

    @Mixin
    GatewayOptions gatewayOptions;

    @Option(names = "--short-version", description = "Just print the CLI's version")
    boolean shortVersion;

    private final CliContext context;

    public VersionCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (shortVersion) {
            out.println(Version.version());
            out.flush();
            return 0;
        }
        out.println("jfaas faas-cli");
        out.println("CLI:");
        out.println("  commit:  " + Version.sha());
        out.println("  version: " + Version.version());
        String gateway = gatewayOptions.resolve(context, stack.load(context));
        try {
            GatewayInfo info = new InfoApi(GatewayHttp.of(context, gateway, Duration.ofSeconds(5),
                    spec.commandLine().getErr())).info();
            out.println();
            out.println("Gateway");
            out.println(" uri:     " + gateway);
            if (info.version() != null && info.version().release() != null && !info.version().release().isEmpty()) {
                out.println(" version: " + info.version().release());
                out.println(" sha:     " + info.version().sha());
            }
            out.println();
            if (info.provider() != null) {
                out.println();
                out.println("Provider");
                out.println(" name:          " + info.provider().provider());
                out.println(" orchestration: " + info.provider().orchestration());
                String release = info.provider().version() == null ? "" : info.provider().version().release();
                String sha = info.provider().version() == null ? "" : info.provider().version().sha();
                out.println(" version:       " + release + " ");
                out.println(" sha:           " + sha);
            }
        } catch (CliFailure unreachable) {
            // faas-cli prints nothing about a gateway it cannot ask
        }
        out.flush();
        return 0;
    }
}
