package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import io.jfaas.cli.api.FunctionsApi;
import io.jfaas.cli.api.GatewayHttp;
import io.jfaas.model.AutoscalerStatus;
import io.jfaas.model.FunctionResources;
import io.jfaas.model.FunctionStatus;
import io.jfaas.triggers.Triggers;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code faas-cli describe NAME}: one function's settings and state, in faas-cli's layout. */
@Command(name = "describe", description = "Describe an OpenFaaS function")
public final class DescribeCommand implements Callable<Integer> {

    /** The longest label, "Available Replicas:", plus one space: where faas-cli's tabwriter puts the values. */
    private static final int LABEL_WIDTH = 20;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "FUNCTION_NAME", description = "The function to describe")
    String name;

    @Mixin
    StackOptions stack;

    @Mixin
    GatewayOptions gatewayOptions;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", description = "Namespace of the function")
    String namespace;

    @Option(names = {"-v", "--verbose"}, description = "Verbose output for the function description")
    boolean verbose;

    private final CliContext context;

    public DescribeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (name == null || name.isBlank()) {
            throw new CliFailure("please provide a name for the function");
        }
        String gateway = gatewayOptions.resolve(context, stack.load(context));
        FunctionsApi api = gatewayOptions.functionsApi(context, gateway, spec.commandLine().getErr());
        FunctionStatus function = api.get(name, namespace)
                .orElseThrow(() -> new CliFailure("no such function: " + name));
        String qualified = name + (namespace == null || namespace.isBlank() ? "" : "." + namespace);
        PrintWriter out = spec.commandLine().getOut();
        line(out, "Name", function.name());
        line(out, "Status", function.availableReplicas() > 0 ? "Ready" : "Not Ready");
        line(out, "Replicas", Long.toString(function.replicas()));
        line(out, "Available Replicas", Long.toString(function.availableReplicas()));
        line(out, "Invocations", Long.toString((long) function.invocationCount()));
        line(out, "Image", function.image());
        line(out, "Function Process", function.envProcess() == null || function.envProcess().isBlank() ? "<default>"
                : function.envProcess());
        line(out, "URL", gateway + "/function/" + qualified);
        line(out, "Async URL", gateway + "/async-function/" + qualified);
        map(out, "Labels", function.labels());
        map(out, "Annotations", function.annotations());
        list(out, "Constraints", function.constraints());
        map(out, "Environment", new TreeMap<>(function.envVars()));
        list(out, "Secrets", function.secrets());
        resources(out, "Requests", function.requests());
        resources(out, "Limits", function.limits());
        autoscaler(out, function.autoscaler());
        triggers(out, Triggers.of(function.annotations()), Instant.now());
        out.flush();
        return 0;
    }

    /** jfaas's addition, after OpenFaaS's layout: the autoscaler's last decision, when the gateway made one. */
    private static void autoscaler(PrintWriter out, AutoscalerStatus decision) {
        if (decision == null) {
            return;
        }
        out.println("Autoscaler:");
        out.println(" Desired Replicas: " + decision.desiredReplicas());
        out.println(" Mode: " + decision.mode());
        out.println(" Reason: " + decision.reason());
    }

    /**
     * jfaas's addition: what invokes the function besides HTTP (its {@code topic} and {@code schedule} annotations,
     * read as the connector reads them), with the next scheduled run worked out here.
     */
    static void triggers(PrintWriter out, Triggers triggers, Instant now) {
        if (!triggers.any() && triggers.problem().isEmpty()) {
            return;
        }
        out.println("Triggers:");
        triggers.schedule().ifPresent(schedule -> out.println(" Schedule: " + schedule.text() + " (next run "
                + schedule.next(now).map(next -> next.truncatedTo(ChronoUnit.SECONDS).toString()).orElse("never")
                + ")"));
        if (!triggers.topics().isEmpty()) {
            out.println(" Topics: " + String.join(", ", triggers.topics()));
        }
        out.println(" Invocation: " + triggers.invocation().map(mode -> mode.name().toLowerCase(Locale.ROOT))
                .orElse("the connector's setting (asynchronous_invocation)"));
        if (triggers.catchUp()) {
            out.println(" Catch-up: a missed tick runs once");
        }
        triggers.problem().ifPresent(problem -> out.println(" Problem: " + problem));
    }

    private void line(PrintWriter out, String label, String value) {
        if (value == null || value.isEmpty()) {
            if (verbose) {
                out.println(pad(label + ":") + "<none>");
            }
            return;
        }
        out.println(pad(label + ":") + value);
    }

    private void map(PrintWriter out, String label, Map<String, String> values) {
        if (values.isEmpty()) {
            if (verbose) {
                out.println(pad(label + ":") + " <none>");
            }
            return;
        }
        out.println(label + ":");
        values.forEach((key, value) -> out.println(" " + key + ": " + value));
    }

    private void list(PrintWriter out, String label, List<String> values) {
        if (values.isEmpty()) {
            if (verbose) {
                out.println(pad(label + ":") + " <none>");
            }
            return;
        }
        out.println(label + ":");
        values.forEach(value -> out.println(" - " + value));
    }

    private void resources(PrintWriter out, String label, FunctionResources resources) {
        if (resources == null || resources.isUnset()) {
            if (verbose) {
                out.println(pad(label + ":") + " <none>");
            }
            return;
        }
        out.println(label + ":");
        out.println(" CPU: " + (resources.cpu() == null ? "" : resources.cpu()));
        out.println(" Memory: " + (resources.memory() == null ? "" : resources.memory()));
    }

    private static String pad(String label) {
        return String.format("%-" + LABEL_WIDTH + "s", label);
    }
}
