package io.jfaas.cli.command;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import io.jfaas.cli.api.GatewayHttp;
import io.jfaas.cli.config.ConfigFile.BasicCredentials;
import io.jfaas.cli.config.ConfigFile;
import io.jfaas.cli.stack.GatewayUrl;
import io.jfaas.contracts.Durations;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code faas-cli login}: checks the credentials against {@code GET /system/functions}, then saves them in the
 * config file under the gateway's URL.
 */
@Command(name = "login", description = "Log in to OpenFaaS gateway")
public final class LoginCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-g", "--gateway"}, paramLabel = "URL", description = "Gateway URL starting with http(s)://")
    String gateway;

    @Option(names = {"-u", "--username"}, paramLabel = "USER", defaultValue = "admin",
            description = "Gateway username (default: ${DEFAULT-VALUE})")
    String username;

    @Option(names = {"-p", "--password"}, paramLabel = "PASSWORD", description = "Gateway password")
    String password;

    @Option(names = {"-s", "--password-stdin"}, description = "Reads the gateway password from stdin")
    boolean passwordStdin;

    @Option(names = "--tls-no-verify", description = "Disable TLS validation")
    boolean tlsNoVerify;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s",
            description = "Override the timeout for this API call (default: ${DEFAULT-VALUE})")
    String timeout;

    private final CliContext context;

    public LoginCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (username == null || username.isBlank()) {
            throw new CliFailure("must provide --username or -u");
        }
        if (password != null) {
            out.println("WARNING! Using --password is insecure, consider using: cat ~/faas_pass.txt | faas-cli login"
                    + " -u user --password-stdin");
            if (passwordStdin) {
                throw new CliFailure("--password and --password-stdin are mutually exclusive");
            }
        }
        String secret = passwordStdin ? new String(context.stdin().readAllBytes(), StandardCharsets.UTF_8)
                : Optional.ofNullable(password).orElse("");
        secret = secret.strip();
        if (secret.isEmpty()) {
            throw new CliFailure("must provide a non-empty password via --password or --password-stdin");
        }
        out.println("Calling the OpenFaaS server to validate the credentials...");
        String url = GatewayUrl.resolve(gateway, null, context.env("OPENFAAS_URL"));
        String warning = GatewayUrl.insecureWarning(url, tlsNoVerify);
        if (warning != null) {
            out.println(warning);
        }
        out.flush();
        Duration callTimeout;
        try {
            callTimeout = Durations.parse(timeout);
        } catch (IllegalArgumentException e) {
            throw new CliFailure("--timeout: " + e.getMessage());
        }
        BasicCredentials credentials = new BasicCredentials(username.strip(), secret);
        GatewayHttp http = new GatewayHttp(url, Optional.of(credentials), callTimeout, null);
        GatewayHttp.Response response;
        try {
            response = http.sendJson("GET", "/system/functions", null);
        } catch (IOException e) {
            throw new CliFailure("cannot connect to OpenFaaS on URL: " + url + ". " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
        switch (response.status()) {
            case 200 -> {
                ConfigFile.of(context).save(url, credentials);
                out.println("credentials saved for " + credentials.user() + " " + url);
            }
            case 401 -> throw new CliFailure("unable to login, either username or password is incorrect");
            default -> throw new CliFailure("server returned unexpected status code: " + response.status() + " - "
                    + response.text().strip());
        }
        out.flush();
        return 0;
    }
}
