package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import io.jfaas.cli.api.LogsApi;
import io.jfaas.contracts.Durations;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code faas-cli logs NAME}: streams a function's log from {@code GET /system/logs}, printing each line the moment
 * it arrives; with {@code --tail} (the default) it keeps following until the gateway ends the stream.
 */
@Command(name = "logs", description = "Fetch logs for a function, in plain text, key=value or JSON")
public final class LogsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "FUNCTION_NAME", description = "The function whose logs to fetch")
    String name;

    @Mixin
    GatewayOptions gatewayOptions;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", description = "Namespace of the function")
    String namespace;

    @Option(names = "--since", paramLabel = "DURATION",
            description = "Return logs newer than a relative duration like 5s, 10m or 1h30m")
    String since;

    @Option(names = "--since-time", paramLabel = "TIMESTAMP",
            description = "Include logs since the given timestamp (RFC3339), e.g. 2024-05-01T10:00:00Z; wins over"
                    + " --since")
    String sinceTime;

    @Option(names = "--lines", paramLabel = "N", defaultValue = "-1",
            description = "Number of recent log lines to display, unlimited if <=0 (default: ${DEFAULT-VALUE})")
    int lines;

    @Option(names = {"-t", "--tail"}, arity = "0..1", defaultValue = "true", fallbackValue = "true",
            paramLabel = "BOOLEAN",
            description = "Tail logs and continue printing new logs until the gateway ends the request"
                    + " (default: ${DEFAULT-VALUE})")
    boolean tail;

    @Option(names = "--instance", paramLabel = "INSTANCE", description = "Only the logs of this replica")
    String instance;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "plain",
            description = "Output logs as plain, keyvalue or json; json prints each message as the gateway sent it"
                    + " (default: ${DEFAULT-VALUE})")
    String output;

    @Option(names = {"-j", "--json"}, description = "Output logs as JSON (equivalent to --output=json)")
    boolean json;

    private final CliContext context;

    public LogsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (name == null || name.isBlank()) {
            throw new CliFailure("function name is required, e.g. \"faas-cli logs NAME\"");
        }
        LogFormat format = json ? LogFormat.JSON : LogFormat.of(output);
        Instant from = since(Instant.now(), since, sinceTime);
        PrintWriter out = spec.commandLine().getOut();
        String url = gatewayOptions.resolve(context);
        if (format != LogFormat.JSON) {
            gatewayOptions.warnIfInsecure(url, out);
        }
        LogsApi api = new LogsApi(gatewayOptions.http(context, url, spec.commandLine().getErr()));
        api.stream(new LogsApi.LogRequest(name, namespace, instance, tail, lines, from), line -> {
            out.println(format.format(line));
            out.flush();
        });
        out.flush();
        return 0;
    }

    /**
     * The {@code since} to ask for: {@code --since-time} when given, else {@code now} minus {@code --since}, else
     * none (the gateway's default).
     */
    static Instant since(Instant now, String duration, String time) {
        if (time != null && !time.isBlank()) {
            try {
                return OffsetDateTime.parse(time.trim()).toInstant();
            } catch (DateTimeParseException e) {
                throw new CliFailure("invalid argument \"" + time + "\" for \"--since-time\" flag: use an RFC 3339"
                        + " time such as 2024-05-01T10:00:00Z");
            }
        }
        if (duration != null && !duration.isBlank()) {
            try {
                return now.minus(Durations.parse(duration));
            } catch (IllegalArgumentException e) {
                throw new CliFailure("invalid argument \"" + duration + "\" for \"--since\" flag: " + e.getMessage());
            }
        }
        return null;
    }
}
