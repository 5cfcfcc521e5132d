package io.jfaas.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallFrameTest {

    private static final ObjectMapper JSON = Json.newMapper();

    private static QueuedCall call(Map<String, List<String>> header, byte[] body, String callback) {
        return new QueuedCall("hello.openfaas-fn", "PUT", "/a/b", "x=1&y=é", header, body, callback, "id-1", 3,
                1_700_000_000_123L, 2);
    }

    @Test
    void a_call_read_back_from_its_frame_is_the_same_call() throws IOException {
        Map<String, List<String>> header = new LinkedHashMap<>();
        header.put("X-Call-Id", List.of("id-1"));
        header.put("Accept", List.of("text/plain", "application/json"));
        header.put("X-Odd", List.of("naïve ✓ value", ""));
        byte[] body = new byte[] {0, 1, (byte) 0xff, '{', '"'};
        QueuedCall call = call(header, body, "http://127.0.0.1:9/done");

        QueuedCall read = CallFrame.decode(CallFrame.encode(call), JSON);

        assertThat(read.function()).isEqualTo("hello.openfaas-fn");
        assertThat(read.method()).isEqualTo("PUT");
        assertThat(read.path()).isEqualTo("/a/b");
        assertThat(read.queryString()).isEqualTo("x=1&y=é");
        assertThat(read.header()).containsExactlyEntriesOf(header);
        assertThat(read.body()).isEqualTo(body);
        assertThat(read.callbackUrl()).isEqualTo("http://127.0.0.1:9/done");
        assertThat(read.callId()).isEqualTo("id-1");
        assertThat(read.attempt()).isEqualTo(3);
        assertThat(read.notBefore()).isEqualTo(1_700_000_000_123L);
        assertThat(read.redrives()).isEqualTo(2);
    }

    @Test
    void absent_headers_callback_and_body_stay_absent_and_an_empty_body_stays_empty() throws IOException {
        QueuedCall none = CallFrame.decode(CallFrame.encode(call(null, null, null)), JSON);
        assertThat(none.header()).isNull();
        assertThat(none.body()).isNull();
        assertThat(none.callbackUrl()).isNull();
        assertThat(CallFrame.decode(CallFrame.encode(call(Map.of(), new byte[0], null)), JSON).body()).isEmpty();
    }

    @Test
    void a_frame_is_smaller_than_the_json_an_older_gateway_stored() throws IOException {
        QueuedCall call = call(Map.of("X-Call-Id", List.of("id-1")), new byte[3000], null);
        assertThat(CallFrame.encode(call).length).isLessThan(JSON.writeValueAsBytes(call).length);
    }

    @Test
    void the_json_an_older_gateway_stored_is_still_read() throws IOException {
        String older = "{\"Function\":\"hello.openfaas-fn\",\"Method\":\"POST\",\"Path\":\"\",\"QueryString\":\"\","
                + "\"Header\":{\"X-Call-Id\":[\"old-1\"]},\"Body\":\"b2xk\",\"CallbackUrl\":\"http://h/cb\","
                + "\"CallId\":\"old-1\",\"Attempt\":2,\"NotBefore\":5,\"Redrives\":0}";

        QueuedCall read = CallFrame.decode(older.getBytes(StandardCharsets.UTF_8), JSON);

        assertThat(read.callId()).isEqualTo("old-1");
        assertThat(read.body()).isEqualTo("old".getBytes(StandardCharsets.UTF_8));
        assertThat(read.attempt()).isEqualTo(2);
        assertThat(read.header()).containsEntry("X-Call-Id", List.of("old-1"));
    }

    @Test
    void a_frame_cut_short_or_of_another_version_or_not_a_frame_is_refused_with_a_reason_and_a_later_one_told_apart() {
        byte[] frame = CallFrame.encode(call(Map.of("A", List.of("b")), "body".getBytes(), null));
        for (int length = 0; length < frame.length; length++) {
            byte[] cut = Arrays.copyOf(frame, length);
            assertThatThrownBy(() -> CallFrame.decode(cut, JSON)).as("cut to %d bytes", length)
                    .isInstanceOf(IOException.class);
        }
        byte[] longer = Arrays.copyOf(frame, frame.length + 1);
        assertThatThrownBy(() -> CallFrame.decode(longer, JSON)).hasMessageContaining("after the body");
        byte[] later = frame.clone();
        later[2] = 9;
        assertThatThrownBy(() -> CallFrame.decode(later, JSON)).as("left for a newer worker, not dropped")
                .isInstanceOf(CallFrame.Newer.class).hasMessageContaining("version 9");
        byte[] earlier = frame.clone();
        earlier[2] = 0;
        assertThatThrownBy(() -> CallFrame.decode(earlier, JSON)).isNotInstanceOf(CallFrame.Newer.class)
                .hasMessageContaining("version 0");
        assertThatThrownBy(() -> CallFrame.decode("hello".getBytes(), JSON))
                .hasMessageContaining("neither a queued call's frame nor its JSON");
    }
}
