package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import io.jfaas.cli.api.GatewayHttp;
import io.jfaas.cli.api.InvokeApi;
import io.jfaas.contracts.CallHeaders;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code faas-cli invoke NAME}: stdin is the body; the function's answer goes to stdout as it is. */
@Command(name = "invoke", description = "Invoke an OpenFaaS function")
public final class InvokeCommand implements Callable<Integer> {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "FUNCTION_NAME", description = "The function to call")
    String name;

    @Mixin
    StackOptions stack;

    @Mixin
    GatewayOptions gatewayOptions;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", description = "Namespace of the deployed function")
    String namespace;

    @Option(names = "--content-type", paramLabel = "TYPE", defaultValue = "text/plain",
            description = "The content-type HTTP header such as application/json (default: ${DEFAULT-VALUE})")
    String contentType;

    @Option(names = "--query", paramLabel = "KEY=VALUE", description = "pass query-string options")
    List<String> query = new ArrayList<>();

    @Option(names = {"-H", "--header"}, paramLabel = "'KEY: VALUE'", description = "pass HTTP request header")
    List<String> headers = new ArrayList<>();

    @Option(names = {"-m", "--method"}, paramLabel = "METHOD", defaultValue = "POST",
            description = "pass HTTP request method (default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = {"-a", "--async"}, description = "Invoke the function asynchronously")
    boolean async;

    private final CliContext context;

    public InvokeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        if (name == null || name.isBlank()) {
            throw new CliFailure("please provide a name for the function");
        }
        String verb = method.toUpperCase(Locale.ROOT);
        if (!METHODS.contains(verb)) {
            throw new CliFailure("the --method or -m flag must take one of these values (GET/POST/PUT/PATCH/DELETE)");
        }
        var loaded = stack.load(context);
        String ns = namespace;
        if ((ns == null || ns.isBlank()) && loaded.isPresent()) {
            var function = loaded.get().stack().functions().get(name);
            ns = function == null ? null : function.namespace();
        }
        Map<String, List<String>> requestHeaders = parseHeaders();
        if (requestHeaders.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Content-Type"))) {
            requestHeaders.put("Content-Type", List.of(contentType));
        }
        PrintWriter err = spec.commandLine().getErr();
        if (context.stdinIsTerminal()) {
            err.println("Reading from STDIN - hit (Control + D) to stop.");
            err.flush();
        }
        byte[] body = context.stdin().readAllBytes();
        String gateway = gatewayOptions.resolve(context, loaded);
        GatewayHttp.Response response = new InvokeApi(GatewayHttp.of(context, gateway, Duration.ofMinutes(10), err))
                .invoke(name, ns, async, verb, parseQuery(), requestHeaders, body);
        if (response.status() < 200 || response.status() > 299) {
            throw new CliFailure("server returned unexpected status code: " + response.status() + " - "
                    + response.text());
        }
        if (async && response.status() == 202) {
            err.println("Function submitted asynchronously.");
            response.headers().firstValue(CallHeaders.CALL_ID)
                    .ifPresent(id -> err.println(CallHeaders.CALL_ID + ": " + id));
            err.flush();
            return 0;
        }
        spec.commandLine().getOut().flush();
        context.stdout().write(response.body());
        context.stdout().flush();
        return 0;
    }

    private Map<String, List<String>> parseHeaders() {
        Map<String, List<String>> parsed = new LinkedHashMap<>();
        for (String header : headers) {
            int colon = header.indexOf(':');
            int eq = header.indexOf('=');
            int split = colon >= 0 ? colon : eq;
            if (split < 0) {
                throw new CliFailure("the --header or -H flag must take the form of 'Key: Value' or 'key=value'");
            }
            String key = header.substring(0, split).trim();
            String value = header.substring(split + 1).trim();
            if (key.isEmpty()) {
                throw new CliFailure("the --header or -H flag must take the form of 'Key: Value' (empty key given)");
            }
            if (value.isEmpty()) {
                throw new CliFailure("the --header or -H flag must take the form of 'Key: Value' (empty value given)");
            }
            if (RESTRICTED.contains(key.toLowerCase(Locale.ROOT))) {
                throw new CliFailure("the header " + key + " is set by the HTTP client and cannot be given with -H");
            }
            parsed.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return parsed;
    }

    private List<String[]> parseQuery() {
        List<String[]> pairs = new ArrayList<>();
        for (String pair : query) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new CliFailure("the --query flag must take the form of key=value");
            }
            String key = pair.substring(0, eq);
            if (key.isEmpty()) {
                throw new CliFailure("the --query flag must take the form of key=value (empty key given)");
            }
            pairs.add(new String[] {key, pair.substring(eq + 1)});
        }
        return pairs;
    }
}
