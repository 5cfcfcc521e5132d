package io.jfaas.operator.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.jfaas.operator.scaling.PrometheusClient.PrometheusException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PrometheusClientTest {

    static final String VECTOR = """
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{"function_name":"hello.openfaas-fn"},"value":[1764716400.123,"12.5"]},
              {"metric":{"function_name":"idle.openfaas-fn"},"value":[1764716400.123,"NaN"]},
              {"metric":{"function_name":"busy.dev"},"value":[1764716400.123,"3"]}]}}""";

    @Test
    void a_vector_gives_each_function_names_value_and_nan_as_no_load() throws Exception {
        assertThat(PrometheusClient.parse(200, VECTOR)).isEqualTo(Map.of("hello.openfaas-fn", 12.5,
                "idle.openfaas-fn", 0.0, "busy.dev", 3.0));
    }

    @Test
    void an_empty_vector_is_no_function_with_load() throws Exception {
        assertThat(PrometheusClient.parse(200,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}")).isEmpty();
    }

    @Test
    void an_error_answer_is_refused_with_prometheus_error() {
        assertThatThrownBy(() -> PrometheusClient.parse(400, "{\"status\":\"error\",\"errorType\":\"bad_data\","
                + "\"error\":\"invalid parameter \\\"query\\\": 1:5: parse error\"}"))
                .isInstanceOf(PrometheusException.class)
                .hasMessage("Prometheus answered 400: bad_data: invalid parameter \"query\": 1:5: parse error");
    }

    @Test
    void a_body_that_is_not_json_is_refused_with_an_excerpt() {
        assertThatThrownBy(() -> PrometheusClient.parse(502, "<html>Bad Gateway</html>"))
                .isInstanceOf(PrometheusException.class)
                .hasMessageStartingWith("Prometheus answered 502 with a body that is not JSON: <html>Bad Gateway");
    }

    @Test
    void a_result_that_is_not_a_vector_is_refused() {
        assertThatThrownBy(() -> PrometheusClient.parse(200,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"2\"]}}"))
                .isInstanceOf(PrometheusException.class)
                .hasMessage("the query must answer an instant vector, not \"scalar\"");
    }

    @Test
    void a_sample_without_function_name_is_refused() {
        assertThatThrownBy(() -> PrometheusClient.parse(200, "{\"status\":\"success\",\"data\":{\"resultType\":"
                + "\"vector\",\"result\":[{\"metric\":{\"job\":\"gateway\"},\"value\":[1,\"4\"]}]}}"))
                .isInstanceOf(PrometheusException.class)
                .hasMessageStartingWith("a sample has no function_name label (sum the query by it)");
    }

    @Test
    void a_sample_without_a_number_is_refused() {
        assertThatThrownBy(() -> PrometheusClient.parse(200, "{\"status\":\"success\",\"data\":{\"resultType\":"
                + "\"vector\",\"result\":[{\"metric\":{\"function_name\":\"a.b\"},\"value\":[1,\"many\"]}]}}"))
                .isInstanceOf(PrometheusException.class)
                .hasMessageStartingWith("the sample of a.b has no number");
    }

    @Test
    void the_query_is_sent_url_encoded_to_the_query_api() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicReference<URI> asked = new AtomicReference<>();
        server.createContext("/", exchange -> {
            asked.set(exchange.getRequestURI());
            byte[] body = VECTOR.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            PrometheusClient client = new PrometheusClient(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofSeconds(5));
            String query = "sum by (function_name) (rate(gateway_function_invocation_started[10s]))";

            assertThat(client.query(query)).containsEntry("hello.openfaas-fn", 12.5);
            assertThat(asked.get().getPath()).isEqualTo("/api/v1/query");
            assertThat(URLDecoder.decode(asked.get().getRawQuery(), StandardCharsets.UTF_8)).isEqualTo("query=" + query);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void an_unreachable_server_is_an_error_naming_its_address() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PrometheusClient client = new PrometheusClient(URI.create("http://127.0.0.1:" + port),
                Duration.ofSeconds(2));

        assertThatThrownBy(() -> client.query("up"))
                .isInstanceOf(PrometheusException.class)
                .hasMessageStartingWith("Prometheus at http://127.0.0.1:" + port + " is unreachable");
    }
}
