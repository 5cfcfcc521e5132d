package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.api.FunctionsApi;
import io.jfaas.cli.api.GatewayHttp;
import io.jfaas.model.FunctionStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code faas-cli list}: the deployed functions, in faas-cli's table. */
@Command(name = "list", aliases = "ls", description = "List OpenFaaS functions")
public final class ListCommand implements Callable<Integer> {

    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stack;

    @Mixin
    GatewayOptions gatewayOptions;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", description = "Namespace of the function")
    String namespace;

    @Option(names = {"-q", "--quiet"}, description = "Quiet mode - print out only the function's ID")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Verbose output for the function list")
    boolean verbose;

    @Option(names = "--sort", paramLabel = "KEY", defaultValue = "name",
            description = "Sort the functions by \"name\" or \"invocations\" (default: ${DEFAULT-VALUE})")
    String sort;

    @Option(names = {"-j", "--json"}, description = "Output as JSON")
    boolean json;

    private final CliContext context;

    public ListCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String gateway = gatewayOptions.resolve(context, stack.load(context));
        List<FunctionStatus> functions = new ArrayList<>(gatewayOptions.functionsApi(context, gateway,
                spec.commandLine().getErr()).list(namespace));
        switch (sort) {
            case "name" -> functions.sort(Comparator.comparing(FunctionStatus::name));
            case "invocations" -> functions.sort(Comparator.comparingDouble(FunctionStatus::invocationCount).reversed());
            case "creation" -> functions.sort(Comparator.comparing(FunctionStatus::createdAt,
                    Comparator.nullsFirst(Comparator.naturalOrder())));
            default -> {
                // the gateway's order
            }
        }
        if (json) {
            JsonOutput.print(out, functions);
        } else if (quiet) {
            functions.forEach(f -> out.println(f.name()));
        } else if (verbose) {
            int width = Math.max(40, functions.stream().mapToInt(f -> f.image().length()).max().orElse(0));
            out.printf("%-30s\t%-" + width + "s\t%-15s\t%-5s\t%-5s%n", "Function", "Image", "Invocations", "Replicas",
                    "CreatedAt");
            for (FunctionStatus f : functions) {
                out.printf("%-30s\t%-" + width + "s\t%-15d\t%-5d\t\t%-5s%n", f.name(), f.image(),
                        (long) f.invocationCount(), f.replicas(), goTime(f.createdAt()));
            }
        } else {
            out.printf("%-30s\t%-15s\t%-5s%n", "Function", "Invocations", "Replicas");
            for (FunctionStatus f : functions) {
                out.printf("%-30s\t%-15d\t%-5d%n", f.name(), (long) f.invocationCount(), f.replicas());
            }
        }
        out.flush();
        return 0;
    }

    /** Go's {@code time.Time.String()}: {@code 2024-05-01 10:11:12.5 +0000 UTC}. */
    static String goTime(Instant instant) {
        if (instant == null) {
            return "0001-01-01 00:00:00 +0000 UTC";
        }
        String fraction = instant.getNano() == 0 ? ""
                : ("." + String.format(Locale.ROOT, "%09d", instant.getNano())).replaceAll("0+$", "");
        return GO_TIME.format(instant.atOffset(ZoneOffset.UTC)) + fraction + " +0000 UTC";
    }
}
