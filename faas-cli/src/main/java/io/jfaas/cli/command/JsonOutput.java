package io.jfaas.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jfaas.cli.CliFailure;
import io.jfaas.model.Json;
import java.io.PrintWriter;

/** The {@code --json} output of the listing commands: the gateway's records, indented as faas-cli prints them. */
final class JsonOutput {

    private JsonOutput() {
    }

    static void print(PrintWriter out, Object value) {
        try {
            out.println(Json.newMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new CliFailure("failed to marshal JSON: " + e.getMessage());
        }
    }
}
