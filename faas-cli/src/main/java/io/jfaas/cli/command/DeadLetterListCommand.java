package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.api.DeadLettersApi;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code faas-cli dead-letter list}: function, call id, last status, attempts and time of each dead letter. */
@Command(name = "list", aliases = "ls", description = "List the dead-lettered async calls, oldest first")
public final class DeadLetterListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GatewayOptions gatewayOptions;

    @Option(names = {"-j", "--json"}, description = "Output as JSON")
    boolean json;

    private final CliContext context;

    public DeadLetterListCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String url = gatewayOptions.resolve(context);
        if (!json) {
            gatewayOptions.warnIfInsecure(url, out);
        }
        List<DeadLettersApi.DeadLetter> letters = new DeadLettersApi(
                gatewayOptions.http(context, url, spec.commandLine().getErr())).list();
        if (json) {
            JsonOutput.print(out, letters);
        } else if (letters.isEmpty()) {
            out.println("No dead letters.");
        } else {
            String format = "%-30s %-36s %-7s %-9s %s%n";
            out.printf(format, "Function", "Call id", "Status", "Attempts", "Time");
            letters.forEach(l -> out.printf(format, l.function(), l.callId(), l.status(), l.attempts(), l.time()));
        }
        out.flush();
        return 0;
    }
}
