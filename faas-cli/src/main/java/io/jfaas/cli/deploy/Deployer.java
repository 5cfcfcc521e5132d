package io.jfaas.cli.deploy;

import io.jfaas.cli.CliFailure;
import io.jfaas.cli.api.FunctionsApi;
import io.jfaas.cli.api.GatewayHttp;
import io.jfaas.cli.stack.GatewayUrl;
import io.jfaas.model.FunctionDeployment;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends deployments and prints what faas-cli prints: {@code Deploying: NAME.}, then {@code Deployed. 202 Accepted.}
 * and the function's URL (and any warning the gateway sent, such as a limit it does not enforce), or why it failed. Returns the final status; 200 and 202 are success.
 */
public final class Deployer {

    private final FunctionsApi api;
    private final String gateway;
    private final boolean tlsNoVerify;
    private final PrintWriter out;

    public Deployer(FunctionsApi api, String gateway, boolean tlsNoVerify, PrintWriter out) {
        this.api = api;
        this.gateway = gateway;
        this.tlsNoVerify = tlsNoVerify;
        this.out = out;
    }

    /** Deploys each function; fails afterwards, naming each that did not deploy. */
    public void deployAll(List<FunctionDeployment> deployments, boolean update, boolean replace) {
        List<String> failures = new ArrayList<>();
        for (FunctionDeployment deployment : deployments) {
            int status = deploy(deployment, update, replace);
            if (status != 200 && status != 202) {
                failures.add("function '" + deployment.service() + "' failed to deploy with status code: " + status);
            }
        }
        if (!failures.isEmpty()) {
            throw new CliFailure(String.join("\n", failures));
        }
    }

    /**
     * Deploys one function.
     *
     * @param update PUT first (faas-cli's default), else POST
     * @param replace DELETE first
     * @return the status the gateway gave, 500 when it could not be reached
     */
    public int deploy(FunctionDeployment deployment, boolean update, boolean replace) {
        out.println("Deploying: " + deployment.service() + ".");
        String warning = GatewayUrl.insecureWarning(gateway, tlsNoVerify);
        if (warning != null) {
            out.println(warning);
        }
        int status;
        String output;
        try {
            if (replace) {
                GatewayHttp.Response removed = api.delete(deployment.service(), deployment.namespace());
                if (removed.status() / 100 == 2) {
                    out.println("Removing old function.");
                }
            }
            GatewayHttp.Response response = api.deploy(deployment, update && !replace);
            status = response.status();
            if (status == 200) {
                out.println("Function " + deployment.service() + " already exists, attempting rolling-update.");
            }
            output = switch (status) {
                case 200, 201, 202 -> "Deployed. " + response.statusLine() + ".\nURL: " + gateway + "/function/"
                        + deployment.service() + (deployment.namespace() == null ? "" : "." + deployment.namespace())
                        + response.warnings().stream().map(text -> "\nWarning: " + text)
                                .collect(java.util.stream.Collectors.joining());
                case 401 -> GatewayHttp.UNAUTHORIZED;
                default -> "Unexpected status: " + status + ", message: " + response.text().strip();
            };
        } catch (IOException e) {
            status = 500;
            output = "Is OpenFaaS deployed? Do you need to specify the --gateway flag?\n" + describe(e);
        }
        out.println();
        out.println(output);
        out.println();
        out.flush();
        return status;
    }

    private String describe(IOException e) {
        return "cannot connect to " + gateway + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getMessage());
    }
}
