package io.jfaas.cli.api;

import io.jfaas.cli.CliFailure;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code /function/NAME.NAMESPACE} and {@code /async-function/...}: always with a namespace ({@code openfaas-fn}
 * when none is given), as the OpenFaaS go-sdk calls; never with the admin credentials.
 */
public final class InvokeApi {

    private final GatewayHttp http;

    public InvokeApi(GatewayHttp http) {
        this.http = http;
    }

    /**
     * Calls a function and returns its answer, whatever the status.
     *
     * @param query {@code key=value} pairs, sent sorted
     */
    public GatewayHttp.Response invoke(String name, String namespace, boolean async, String method,
                                       List<String[]> query, Map<String, List<String>> headers, byte[] body) {
        String ns = namespace == null || namespace.isBlank() ? "openfaas-fn" : namespace;
        String path = (async ? "/async-function/" : "/function/") + FunctionsApi.encode(name) + "." + ns;
        if (!query.isEmpty()) {
            path += "?" + query.stream()
                    .sorted((a, b) -> a[0].compareTo(b[0]))
                    .map(pair -> FunctionsApi.encode(pair[0]) + "=" + FunctionsApi.encode(pair[1]))
                    .collect(Collectors.joining("&"));
        }
        try {
            return http.send(method, path, body, headers, false);
        } catch (IOException e) {
            throw new CliFailure("failed to invoke function: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + " (is the gateway at " + http.gateway()
                    + " running?)", e);
        }
    }
}
