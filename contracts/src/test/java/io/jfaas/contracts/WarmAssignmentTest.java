package io.jfaas.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WarmAssignmentTest {

    @Test
    void anAssignmentReadsBackAsWrittenWithValuesThatNeedNoQuoting() throws IOException {
        WarmAssignment sent = new WarmAssignment(List.of("/images/a b/handler.jar", "/images/lib.jar"),
                Map.of("GREETING", "line one\nline two = \"quoted\"", "port", "8080", "EMPTY", "", "ÜNI", "cödé"));

        WarmAssignment read = WarmAssignment.read(new ByteArrayInputStream(bytes(sent)));

        assertEquals(sent, read);
    }

    @Test
    void aStreamThatEndsBeforeTheAssignmentIsAnEndOfFile() {
        byte[] whole = bytes(new WarmAssignment(List.of("/a.jar"), Map.of("A", "1")));
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 1);

        assertThrows(EOFException.class, () -> WarmAssignment.read(new ByteArrayInputStream(new byte[0])));
        assertThrows(EOFException.class, () -> WarmAssignment.read(new ByteArrayInputStream(cut)));
    }

    @Test
    void somethingElseIsRefusedByName() {
        IOException error = assertThrows(IOException.class,
                () -> WarmAssignment.read(new ByteArrayInputStream("GET / HTTP/1.1\r\n".getBytes())));
        assertEquals("not a warm-pool assignment", error.getMessage());
    }

    @Test
    void anAssignmentPastTheByteBoundIsRefused() {
        String big = "x".repeat(WarmAssignment.MAX_BYTES / 2);
        WarmAssignment within = new WarmAssignment(List.of(), Map.of("A", big.substring(10)));
        WarmAssignment past = new WarmAssignment(List.of(), Map.of("A", big, "B", big));

        assertEquals(within, read(within));
        IOException error = assertThrows(IOException.class,
                () -> WarmAssignment.read(new ByteArrayInputStream(bytes(past))));
        assertTrue(error.getMessage().contains("larger than " + WarmAssignment.MAX_BYTES + " bytes"), error.getMessage());
    }

    @Test
    void anAssignmentPastTheEntryBoundIsRefused() {
        List<String> jars = java.util.stream.IntStream.range(0, WarmAssignment.MAX_ENTRIES + 1)
                .mapToObj(i -> "/j" + i + ".jar").toList();

        assertEquals(WarmAssignment.MAX_ENTRIES, read(new WarmAssignment(
                jars.subList(0, WarmAssignment.MAX_ENTRIES), Map.of())).classpath().size());
        IOException error = assertThrows(IOException.class, () -> WarmAssignment.read(new ByteArrayInputStream(
                bytes(new WarmAssignment(jars, Map.of())))));
        assertTrue(error.getMessage().contains("at most " + WarmAssignment.MAX_ENTRIES), error.getMessage());
    }

    private static WarmAssignment read(WarmAssignment assignment) {
        try {
            return WarmAssignment.read(new ByteArrayInputStream(bytes(assignment)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] bytes(WarmAssignment assignment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            assignment.write(out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }
}
