package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import io.jfaas.cli.api.DeadLettersApi;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code faas-cli dead-letter redrive CALL_ID | --all}: queues dead-lettered calls again, from their first attempt. */
@Command(name = "redrive", description = "Queue a dead-lettered async call again (or all of them with --all)")
public final class DeadLetterRedriveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GatewayOptions gatewayOptions;

    @Parameters(arity = "0..1", paramLabel = "CALL_ID", description = "The X-Call-Id of the call to queue again")
    String callId;

    @Option(names = "--all", description = "Queue every dead-lettered call again")
    boolean all;

    private final CliContext context;

    public DeadLetterRedriveCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (all == (callId != null && !callId.isBlank())) {
            throw new CliFailure("give either a call id or --all, e.g. \"faas-cli dead-letter redrive CALL_ID\"");
        }
        PrintWriter out = spec.commandLine().getOut();
        String url = gatewayOptions.resolve(context);
        gatewayOptions.warnIfInsecure(url, out);
        DeadLettersApi api = new DeadLettersApi(gatewayOptions.http(context, url, spec.commandLine().getErr()));
        if (all) {
            List<String> redriven = api.redriveAll();
            redriven.forEach(id -> out.println("Redriven: " + id));
            out.println(redriven.size() + " call(s) queued again.");
        } else {
            api.redrive(callId);
            out.println("Redriven: " + callId);
        }
        out.flush();
        return 0;
    }
}
