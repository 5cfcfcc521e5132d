package io.jfaas.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueuedCallTest {

    @Test
    void the_digest_is_sha256_of_each_part_with_its_length_then_the_body_as_older_gateways_stored_it()
            throws Exception {
        QueuedCall call = new QueuedCall("hello.openfaas-fn", "POST", "/p", "q=1", Map.of("A", List.of("b")),
                "body".getBytes(StandardCharsets.UTF_8), null, "id", 1, 0, 0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (String part : new String[] {"hello.openfaas-fn", "POST", "/p", "q=1", "null"}) {
            out.writeInt(part.length());
            out.write(part.getBytes(StandardCharsets.UTF_8));
        }
        out.write("body".getBytes(StandardCharsets.UTF_8));
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));

        assertThat(call.digest()).isEqualTo(expected);
        assertThat(call.digest()).as("the same again, on the same thread").isEqualTo(expected);
        assertThat(call.withBody("other".getBytes(StandardCharsets.UTF_8)).digest()).isNotEqualTo(expected);
    }
}
