package io.jfaas.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeadBytesTest {

    @Test
    void aHeadLargerThanTheKeptSizeIsWrittenWholeAndTheNextStartsFromASmallArray() {
        HeadBytes head = new HeadBytes();
        String value = "v".repeat(HeadBytes.KEPT * 2);
        byte[] name = "X-Big: ".getBytes(StandardCharsets.ISO_8859_1);

        ByteBuf big = head.reset().chars("HTTP/1.1 200 OK").crlf().header(name, value).crlf()
                .toBuffer(UnpooledByteBufAllocator.DEFAULT, 0);
        assertThat(big.toString(StandardCharsets.ISO_8859_1))
                .isEqualTo("HTTP/1.1 200 OK\r\nX-Big: " + value + "\r\n\r\n");
        assertThat(head.capacity()).isGreaterThan(HeadBytes.KEPT);

        ByteBuf small = head.reset().chars("GET / HTTP/1.1").crlf().crlf()
                .toBuffer(UnpooledByteBufAllocator.DEFAULT, 4).writeBytes("body".getBytes(StandardCharsets.US_ASCII));
        assertThat(small.toString(StandardCharsets.ISO_8859_1)).isEqualTo("GET / HTTP/1.1\r\n\r\nbody");
        assertThat(head.capacity()).isLessThanOrEqualTo(HeadBytes.KEPT);
        big.release();
        small.release();
    }

    @Test
    void aCopiedHeaderKeepsItsValueAndTakesTheCanonicalName() {
        byte[] line = "x-call-ID: Some Value".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(new HeadBytes().header(line, 0, 9, 11, line.length).toString())
                .isEqualTo("X-Call-Id: Some Value\r\n");
    }
}
