package function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jfaas.function.Request;
import io.jfaas.function.Response;
import org.junit.jupiter.api.Test;

class HandlerTest {

    @Test
    void answers_200_with_the_request_body_in_the_reply() throws Exception {
        Response response = new Handler().handle(Request.builder().post("world").build());

        assertEquals(200, response.status());
        assertTrue(response.bodyAsText().contains("world"), response.bodyAsText());
    }
}
