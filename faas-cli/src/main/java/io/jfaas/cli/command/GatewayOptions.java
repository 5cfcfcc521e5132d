package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.stack.GatewayUrl;
import picocli.CommandLine.Option;

/** {@code -g/--gateway} and {@code --tls-no-verify}, resolved in faas-cli's order. */
final class GatewayOptions {

    @Option(names = {"-g", "--gateway"}, paramLabel = "URL",
            description = "Gateway URL starting with http(s):// (default: the stack file's, $OPENFAAS_URL, or "
                    + GatewayUrl.DEFAULT + ")")
    String gateway;

    @Option(names = "--tls-no-verify", description = "Disable TLS validation")
    boolean tlsNoVerify;

    /** The gateway to use, given the stack file's (or null). */
    String resolve(CliContext context, String fromStack) {
        return GatewayUrl.resolve(gateway, fromStack, context.env("OPENFAAS_URL"));
    }
}
