package io.jfaas.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfaas.model.FunctionRef;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a function prints becomes bounded log lines, whatever it prints; the log rotates whatever the lines. */
class OutputLinesTest {

    @TempDir
    Path state;

    @Test
    void a_line_longer_than_the_limit_is_split_into_pieces_of_at_most_the_limit() throws IOException {
        List<String> lines = read(("x".repeat(40_000) + "\nshort\n").getBytes(StandardCharsets.UTF_8));

        assertThat(lines).hasSize(4);
        assertThat(lines.subList(0, 3)).allMatch(l -> l.getBytes(StandardCharsets.UTF_8).length <= OutputLines.MAX_LINE);
        assertThat(String.join("", lines.subList(0, 3))).isEqualTo("x".repeat(40_000));
        assertThat(lines.get(3)).isEqualTo("short");
    }

    @Test
    void a_split_never_cuts_a_utf8_character() throws IOException {
        String text = "a" + "é€😀".repeat(5_000);
        List<String> lines = read((text + "\n").getBytes(StandardCharsets.UTF_8));

        assertThat(lines.size()).isGreaterThan(1);
        assertThat(String.join("", lines)).isEqualTo(text);
        assertThat(lines).noneMatch(l -> l.contains("\uFFFD"));
    }

    @Test
    void an_endless_line_without_a_newline_is_read_in_bounded_pieces() throws IOException {
        long size = 64L * 1024 * 1024;
        int[] count = {0};
        long[] longest = {0};
        OutputLines.read(endless(size), line -> {
            count[0]++;
            longest[0] = Math.max(longest[0], line.length());
        }, () -> { });

        assertThat(longest[0]).isEqualTo(OutputLines.MAX_LINE);
        assertThat((long) count[0]).isEqualTo(size / OutputLines.MAX_LINE);
    }

    @Test
    void bytes_that_are_not_utf8_and_a_failing_consumer_do_not_stop_the_reading() throws IOException {
        byte[] output = {'o', 'k', '\n', (byte) 0xff, (byte) 0xfe, '\n', 'b', 'o', 'o', 'm', '\n', 'l', 'a', 's', 't',
            '\r', '\n'};
        List<String> lines = new ArrayList<>();
        OutputLines.read(new ByteArrayInputStream(output), line -> {
            if (line.equals("boom")) {
                throw new IllegalStateException("a consumer that fails");
            }
            lines.add(line);
        }, () -> { });

        assertThat(lines).containsExactly("ok", "\uFFFD\uFFFD", "last");
    }

    @Test
    void the_log_rotates_at_its_limit_whatever_the_function_prints() throws IOException {
        FunctionLog log = new FunctionLog(new FunctionRef("noisy", "openfaas-fn"), state);
        OutputLines.read(endless(3 * FunctionLog.ROTATE_BYTES), line -> log.appendBuffered("noisy-1", line),
                log::flush);
        log.close();

        assertThat(Files.size(log.file())).isLessThanOrEqualTo(FunctionLog.ROTATE_BYTES);
        assertThat(Files.size(log.file().resolveSibling("noisy.log.1"))).isLessThanOrEqualTo(FunctionLog.ROTATE_BYTES)
                .isGreaterThan(FunctionLog.ROTATE_BYTES / 2);
    }

    private static List<String> read(byte[] output) throws IOException {
        List<String> lines = new ArrayList<>();
        OutputLines.read(new ByteArrayInputStream(output), lines::add, () -> { });
        return lines;
    }

    /** {@code size} bytes of 'z' and no newline, made as they are read. */
    private static InputStream endless(long size) {
        return new InputStream() {
            private long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 'z' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 'z');
                left -= n;
                return n;
            }
        };
    }
}
