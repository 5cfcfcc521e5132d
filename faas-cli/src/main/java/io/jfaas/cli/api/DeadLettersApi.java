package io.jfaas.cli.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.cli.CliFailure;
import io.jfaas.model.Json;
import java.io.IOException;
import java.util.List;

/**
 * {@code /system/async/dead-letters}: the async calls that failed on their last attempt, listed with GET and queued
 * again with {@code POST .../redrive} (all) or {@code POST .../CALL_ID/redrive} (one).
 */
public final class DeadLettersApi {

    private static final ObjectMapper JSON = Json.newMapper();
    private static final String PATH = "/system/async/dead-letters";

    /**
     * One dead-lettered call.
     *
     * @param function {@code NAME.NAMESPACE}
     * @param callId its {@code X-Call-Id}
     * @param status the status of its last attempt
     * @param attempts how many attempts were made
     * @param time when it was given up, RFC 3339
     */
    public record DeadLetter(String function, String callId, int status, int attempts, String time) {
    }

    private record Redriven(List<String> redriven) {
    }

    private final GatewayHttp http;

    public DeadLettersApi(GatewayHttp http) {
        this.http = http;
    }

    public List<DeadLetter> list() {
        return read(call("GET", PATH), new TypeReference<List<DeadLetter>>() { });
    }

    /** Queues every dead letter again; returns their call ids. */
    public List<String> redriveAll() {
        return read(call("POST", PATH + "/redrive"), new TypeReference<Redriven>() { }).redriven();
    }

    /** Queues one dead letter again. */
    public void redrive(String callId) {
        GatewayHttp.Response response = call("POST", PATH + "/" + FunctionsApi.encode(callId) + "/redrive");
        if (response.status() == 404) {
            throw new CliFailure("no dead letter for call id " + callId + " (see faas-cli dead-letter list)");
        }
        if (response.status() != 200) {
            throw response.failure();
        }
    }

    private <T> T read(GatewayHttp.Response response, TypeReference<T> type) {
        if (response.status() == 404) {
            throw new CliFailure("the gateway at " + http.gateway() + " has no dead-letter API (is it a jfaas gateway?)");
        }
        if (response.status() != 200) {
            throw response.failure();
        }
        try {
            return JSON.readValue(response.body(), type);
        } catch (IOException e) {
            throw new CliFailure("cannot parse result from OpenFaaS on URL: " + http.gateway() + "\n" + e.getMessage());
        }
    }

    private GatewayHttp.Response call(String method, String path) {
        try {
            return http.sendJson(method, path, null);
        } catch (IOException e) {
            throw new CliFailure("cannot connect to OpenFaaS on URL: " + http.gateway(), e);
        }
    }
}
