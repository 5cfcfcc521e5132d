package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.api.FunctionsApi;
import io.jfaas.cli.api.GatewayHttp;
import io.jfaas.cli.stack.GatewayUrl;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code -g/--gateway} and {@code --tls-no-verify}, resolved in faas-cli's order. */
final class GatewayOptions {

    @Option(names = {"-g", "--gateway"}, paramLabel = "URL",
            description = "Gateway URL starting with http(s):// (default: the stack file's, for commands that"
                    + " read one, then $OPENFAAS_URL, then " + GatewayUrl.DEFAULT + ")")
    String gateway;

    @Option(names = "--tls-no-verify", description = "Disable TLS validation")
    boolean tlsNoVerify;

    /** How long a /system call may take. */
    static final Duration API_TIMEOUT = Duration.ofSeconds(60);

    /** The gateway to use, given the stack file, if there is one. */
    String resolve(CliContext context, Optional<StackOptions.Loaded> stack) {
        return GatewayUrl.resolve(gateway, stack.map(StackOptions.Loaded::gateway).orElse(null),
                context.env("OPENFAAS_URL"));
    }

    /** The gateway to use for commands that read no stack file (secrets, logs, namespaces), as faas-cli does. */
    String resolve(CliContext context) {
        return resolve(context, Optional.empty());
    }

    /** A client of the gateway's /system API, with the credentials saved for it. */
    FunctionsApi functionsApi(CliContext context, String url, PrintWriter err) {
        return new FunctionsApi(http(context, url, err));
    }

    /** The transport to the gateway's /system API, with the credentials saved for it, for any of the api clients. */
    GatewayHttp http(CliContext context, String url, PrintWriter err) {
        return GatewayHttp.of(context, url, API_TIMEOUT, err);
    }

    /** faas-cli's warning for a remote gateway over plain HTTP, printed before talking to it. */
    void warnIfInsecure(String url, PrintWriter out) {
        String warning = GatewayUrl.insecureWarning(url, tlsNoVerify);
        if (warning != null) {
            out.println(warning);
        }
    }
}
