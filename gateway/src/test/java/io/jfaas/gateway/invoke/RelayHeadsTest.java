package io.jfaas.gateway.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RelayHeadsTest {

    private static ByteBuf bytes(String text) {
        return Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static RelayHeads.RequestHead request(String text) {
        return RelayHeads.request(bytes(text), -1);
    }

    @Test
    void aPlainCallIsReadWithItsPathQueryLengthAndHeaders() {
        String head = "POST /function/hello/sub?x=1 HTTP/1.1\r\nHost: gw\r\nContent-Length: 5\r\nx-custom:  v \r\n\r\n";
        RelayHeads.RequestHead read = request(head + "hello");
        assertNotSame(RelayHeads.HAND_OVER, read);
        assertEquals("POST", read.method());
        assertEquals("/function/hello/sub", read.path());
        assertEquals("x=1", read.query());
        assertEquals(5, read.contentLength());
        assertEquals(head.length(), read.length());
        assertEquals("v", read.header("X-Custom"));
        assertEquals("gw", read.header("host"));
        assertFalse(read.close());
    }

    @Test
    void aHeadNotYetWholeIsNull() {
        assertNull(request("GET /function/hello HTTP/1.1\r\nHost: gw\r\n"));
    }

    @Test
    void connectionCloseIsNoted() {
        assertTrue(request("GET /function/hello HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n").close());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // other routes, methods, versions and paths not in normal form
        "GET /system/functions HTTP/1.1\r\nHost: gw\r\n\r\n",
        "HEAD /function/hello HTTP/1.1\r\nHost: gw\r\n\r\n",
        "GET /function/hello HTTP/1.0\r\nHost: gw\r\n\r\n",
        "GET /function/../system/functions HTTP/1.1\r\nHost: gw\r\n\r\n",
        "GET /function/hello%2f HTTP/1.1\r\nHost: gw\r\n\r\n",
        "GET /function//hello HTTP/1.1\r\nHost: gw\r\n\r\n",
        "GET http://gw/function/hello HTTP/1.1\r\nHost: gw\r\n\r\n",
        // framing and connection handling the server owns
        "POST /function/hello HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n",
        "POST /function/hello HTTP/1.1\r\nHost: gw\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n",
        "POST /function/hello HTTP/1.1\r\nHost: gw\r\nContent-Length: +1\r\n\r\n",
        "POST /function/hello HTTP/1.1\r\nHost: gw\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n",
        "GET /function/hello HTTP/1.1\r\nHost: gw\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
        "GET /function/hello HTTP/1.1\r\nHost: gw\r\nConnection: close, x-secret\r\n\r\n",
        // Host not exactly once
        "GET /function/hello HTTP/1.1\r\n\r\n",
        "GET /function/hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        // bytes RFC 9112 does not allow, or that a lenient parser would read otherwise
        "GET /function/hello HTTP/1.1\r\nHost: gw\r\nX-A : b\r\n\r\n",
        "GET /function/hello HTTP/1.1\r\nHost: gw\r\nX-A: b\r\n folded\r\n\r\n",
        "GET /function/hello HTTP/1.1\r\nHost: gw\r\nX-A: b\nX-B: c\r\n\r\n",
        "GET /function/hello HTTP/1.1\r\nHost: gw\r\nX-A: b\u0000c\r\n\r\n",
        "GET /function/hello HTTP/1.1\r\nHost: gw\r\nX-A: caf\u00e9\r\n\r\n",
        "GET /function/hello#frag HTTP/1.1\r\nHost: gw\r\n\r\n",
        "GET  /function/hello HTTP/1.1\r\nHost: gw\r\n\r\n",
    })
    void aRequestTheRelayDoesNotServeIsHandedOver(String head) {
        assertSame(RelayHeads.HAND_OVER, request(head), head);
    }

    @Test
    void aBodyAboveTheLimitIsHandedOverForTheServersRefusal() {
        ByteBuf in = bytes("POST /function/hello HTTP/1.1\r\nHost: gw\r\nContent-Length: 11\r\n\r\n");
        assertSame(RelayHeads.HAND_OVER, RelayHeads.request(in, 10));
        in.readerIndex(0);
        assertEquals(11, RelayHeads.request(in, 11).contentLength());
    }

    @Test
    void aHeadLongerThanTheLimitIsHandedOverWithoutWaitingForItsEnd() {
        String head = "GET /function/hello HTTP/1.1\r\nHost: gw\r\nX-Long: " + "a".repeat(RelayHeads.MAX_REQUEST_HEAD);
        assertSame(RelayHeads.HAND_OVER, request(head));
    }

    @Test
    void aRequestLineLongerThanTheServersLimitIsHandedOver() {
        String path = "/function/hello/" + "a".repeat(RelayHeads.MAX_REQUEST_LINE);
        assertSame(RelayHeads.HAND_OVER, request("GET " + path + " HTTP/1.1\r\nHost: gw\r\n\r\n"));
    }

    @Test
    void anAnswerIsReadWithItsFraming() {
        RelayHeads.AnswerHead answer = RelayHeads.answer(bytes(
                "HTTP/1.1 201 Made\r\nContent-Length: 3\r\nX-Duration-Seconds: 0.1\r\n\r\nabc"));
        assertEquals(201, answer.status());
        assertEquals("Made", answer.reason());
        assertEquals(3, answer.contentLength());
        assertFalse(answer.chunked());
        assertTrue(answer.keepAlive());

        RelayHeads.AnswerHead chunked = RelayHeads.answer(bytes(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"));
        assertTrue(chunked.chunked());
        assertTrue(chunked.keepAlive());

        RelayHeads.AnswerHead untilClose = RelayHeads.answer(bytes("HTTP/1.1 200 OK\r\n\r\n"));
        assertEquals(-1, untilClose.contentLength());
        assertFalse(untilClose.keepAlive(), "a body that ends with the connection");

        RelayHeads.AnswerHead closing = RelayHeads.answer(bytes(
                "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
        assertFalse(closing.keepAlive());

        RelayHeads.AnswerHead old = RelayHeads.answer(bytes("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"));
        assertFalse(old.keepAlive());

        RelayHeads.AnswerHead noContent = RelayHeads.answer(bytes("HTTP/1.1 204 No Content\r\n\r\n"));
        assertTrue(noContent.keepAlive(), "204 has no body, whatever its headers say");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP/2 200 OK\r\n\r\n",
        "HTTP/1.1 2000 OK\r\n\r\n",
        "HTTP/1.1 20x OK\r\n\r\n",
        "HTTP/1.1 099 Low\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
        "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
        "HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX-A: b\r\n folded\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX-A: b\u0001\r\n\r\n",
        "HTTP/1.1 200 OK\u0000\r\n\r\n",
    })
    void anAnswerThatIsNotValidHttpIsInvalid(String head) {
        assertSame(RelayHeads.INVALID, RelayHeads.answer(bytes(head)), head);
    }

    @Test
    void anAnswerHeadLongerThanTheLimitIsInvalidWithoutWaitingForItsEnd() {
        assertSame(RelayHeads.INVALID, RelayHeads.answer(bytes("HTTP/1.1 200 OK\r\nX-Long: "
                + "a".repeat(RelayHeads.MAX_ANSWER_HEAD))));
        assertNull(RelayHeads.answer(bytes("HTTP/1.1 200 OK\r\nX-Short: a\r\n")));
    }

    @Test
    void aHeadWithMoreLinesThanTheLimitIsHandedOverOrInvalid() {
        String lines = "X-A: b\r\n".repeat(RelayHeads.MAX_HEADERS);
        assertNotSame(RelayHeads.HAND_OVER, request("GET /function/hello HTTP/1.1\r\n" + lines.substring(8)
                + "Host: gw\r\n\r\n"), "exactly the limit");
        assertSame(RelayHeads.HAND_OVER, request("GET /function/hello HTTP/1.1\r\n" + lines + "Host: gw\r\n\r\n"));
        assertNotSame(RelayHeads.INVALID, RelayHeads.answer(bytes("HTTP/1.1 200 OK\r\n" + lines + "\r\n")));
        assertSame(RelayHeads.INVALID, RelayHeads.answer(bytes("HTTP/1.1 200 OK\r\n" + lines + "X-B: c\r\n\r\n")));
    }

    @Test
    void namesAreWrittenInGosCanonicalForm() {
        byte[] name = "x-dURATION-seconds".getBytes(StandardCharsets.ISO_8859_1);
        String written = new HeadBytes().canonical(name, 0, name.length).toString();
        assertEquals("X-Duration-Seconds", written);
        assertEquals(ProxyHeaders.canonical("x-dURATION-seconds"), written);
    }

    @Test
    void hopByHopNamesAreThoseTheProxyDrops() {
        for (String name : ProxyHeaders.HOP_BY_HOP) {
            byte[] bytes = name.toUpperCase(java.util.Locale.ROOT).getBytes(StandardCharsets.ISO_8859_1);
            assertTrue(RelayHeads.isHopByHop(bytes, 0, bytes.length), name);
        }
        byte[] other = "X-Connection".getBytes(StandardCharsets.ISO_8859_1);
        assertFalse(RelayHeads.isHopByHop(other, 0, other.length));
    }

    @Test
    void chunkSizesAreReadInHexWithExtensionsIgnored() {
        assertEquals(0x1a, FunctionRelay.chunkSize(bytes("1a\r\n"), 0, 3));
        assertEquals(0x1a, FunctionRelay.chunkSize(bytes("1A;name=value\r\n"), 0, 14));
        assertEquals(-1, FunctionRelay.chunkSize(bytes("\r\n"), 0, 1));
        assertEquals(-1, FunctionRelay.chunkSize(bytes("zz\r\n"), 0, 3));
        assertEquals(-1, FunctionRelay.chunkSize(bytes("1a\n"), 0, 2), "a bare LF");
        assertEquals(-1, FunctionRelay.chunkSize(bytes("1234567890abcdef\r\n"), 0, 17), "more than 15 digits");
    }
}
