package io.jfaas.gateway.invoke;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The heads {@link FunctionRelay} reads as bytes: a client's request head (only the plain shape the relay serves
 * itself; anything else is {@link #HAND_OVER}ed to the HTTP server, which parses and answers it as always) and a
 * replica's answer head. Pure: no I/O, no state beyond what one head holds.
 */
final class RelayHeads {

    /** The longest request head the relay reads; a longer one goes to the HTTP server (which refuses it). */
    static final int MAX_REQUEST_HEAD = 8192;
    /** The longest request line the relay reads (the HTTP server's limit); a longer one goes to the server. */
    static final int MAX_REQUEST_LINE = 4096;
    /** The longest answer head read from a replica (the HTTP client's limit); a longer one is a 502. */
    static final int MAX_ANSWER_HEAD = 8192;
    /** The most header lines one head may have. */
    static final int MAX_HEADERS = 100;

    /** What {@link #request} returns for a request the relay does not serve. */
    static final RequestHead HAND_OVER = new RequestHead(null, null, null, null, 0, -1, new int[0], 0, false);
    /** What {@link #answer} returns for an answer that is not a valid HTTP/1.x head. */
    static final AnswerHead INVALID = new AnswerHead(0, null, null, new int[0], 0, -1, false, false, 0);

    private RelayHeads() {
    }

    /**
     * A request head the relay serves: its bytes ({@code head}, from the request line to the blank line), the
     * method, the path and query as sent, the declared body length (0 when none), and the header lines as offsets into
     * {@code head}: {@code [nameStart, nameEnd, valueStart, valueEnd]} each.
     */
    record RequestHead(byte[] head, String method, String path, String query, int length, long contentLength,
                       int[] fields, int count, boolean close) {

        String header(String name) {
            for (int i = 0; i < count; i++) {
                if (nameIs(head, fields[i * 4], fields[i * 4 + 1], name)) {
                    return new String(head, fields[i * 4 + 2], fields[i * 4 + 3] - fields[i * 4 + 2],
                            StandardCharsets.ISO_8859_1);
                }
            }
            return null;
        }
    }

    /**
     * A replica's answer head: status, reason, the header lines as offsets into {@code head}, and how its body is
     * framed: {@code contentLength} (-1 when not declared), {@code chunked}, or neither (read until the replica closes
     * the connection). {@code keepAlive}: the connection can carry another call after this answer.
     */
    record AnswerHead(int status, String reason, byte[] head, int[] fields, int count, long contentLength,
                      boolean chunked, boolean keepAlive, int length) {
    }

    /**
     * The head at the start of {@code in} (not consumed), null while its blank line has not arrived, or
     * {@link #HAND_OVER} when it is not one the relay serves: a request line other than
     * {@code GET|POST|PUT|PATCH|DELETE|OPTIONS /function/NAME[/path][?query] HTTP/1.1} in normal form, a header the
     * relay leaves to the server ({@code Transfer-Encoding}, {@code Expect}, {@code Upgrade}, a {@code Connection}
     * option other than {@code keep-alive} or {@code close}, {@code Host} not exactly once, {@code Content-Length} not
     * one plain number), any byte outside what RFC 9110 allows (or an obsolete folded line), or a head too long.
     */
    static RequestHead request(ByteBuf in, long maxBody) {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        int end = endOfHead(in, start, Math.min(readable, MAX_REQUEST_HEAD));
        if (end < 0) {
            return readable >= MAX_REQUEST_HEAD ? HAND_OVER : null;
        }
        int length = end - start;
        byte[] head = new byte[length];
        in.getBytes(start, head);
        // request line
        int sp1 = indexOf(head, 0, length, (byte) ' ');
        if (sp1 < 0) {
            return HAND_OVER;
        }
        String method = method(head, sp1);
        if (method == null) {
            return HAND_OVER;
        }
        int lineEnd = indexOf(head, sp1 + 1, length, (byte) '\r');
        if (lineEnd > MAX_REQUEST_LINE) {
            return HAND_OVER;
        }
        int sp2 = lastIndexOf(head, sp1 + 1, lineEnd, (byte) ' ');
        if (sp2 <= sp1 + 1 || lineEnd - sp2 != 9 || !regionIs(head, sp2 + 1, "HTTP/1.1") || head[lineEnd + 1] != '\n') {
            return HAND_OVER;
        }
        int question = -1;
        for (int i = sp1 + 1; i < sp2; i++) {
            byte b = head[i];
            if (b <= 0x20 || b >= 0x7f || b == '#') {
                return HAND_OVER;
            }
            if (b == '?' && question < 0) {
                question = i;
            }
        }
        int pathEnd = question < 0 ? sp2 : question;
        String path = new String(head, sp1 + 1, pathEnd - sp1 - 1, StandardCharsets.ISO_8859_1);
        if (!FunctionRequests.isPlainFunctionPath(path)) {
            return HAND_OVER;
        }
        String query = question < 0 ? null : new String(head, question + 1, sp2 - question - 1,
                StandardCharsets.ISO_8859_1);
        int[] fields = fields(head, lineEnd + 2, length, false);
        if (fields == null) {
            return HAND_OVER;
        }
        int count = fields[fields.length - 1];
        int hosts = 0;
        long contentLength = -1;
        boolean close = false;
        for (int i = 0; i < count; i++) {
            int name = fields[i * 4];
            int colon = fields[i * 4 + 1];
            int valueStart = fields[i * 4 + 2];
            int valueEnd = fields[i * 4 + 3];
            if (nameIs(head, name, colon, "Transfer-Encoding") || nameIs(head, name, colon, "Expect")
                    || nameIs(head, name, colon, "Upgrade") || nameIs(head, name, colon, "HTTP2-Settings")) {
                return HAND_OVER;
            }
            if (nameIs(head, name, colon, "Host")) {
                hosts++;
            } else if (nameIs(head, name, colon, "Content-Length")) {
                if (contentLength >= 0) {
                    return HAND_OVER;
                }
                contentLength = number(head, valueStart, valueEnd);
                if (contentLength < 0 || maxBody >= 0 && contentLength > maxBody) {
                    return HAND_OVER; // the server answers 400 or 413
                }
            } else if (nameIs(head, name, colon, "Connection")) {
                String value = new String(head, valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1)
                        .trim();
                if (value.equalsIgnoreCase("close")) {
                    close = true;
                } else if (!value.equalsIgnoreCase("keep-alive")) {
                    return HAND_OVER;
                }
            }
        }
        if (hosts != 1) {
            return HAND_OVER;
        }
        return new RequestHead(head, method, path, query, length, Math.max(0, contentLength), fields, count, close);
    }

    /**
     * The answer head at the start of {@code in} (not consumed), null while incomplete, {@link #INVALID} when it is not
     * a valid HTTP/1.x head or is longer than {@link #MAX_ANSWER_HEAD}. {@code requestClosed}: the request asked to
     * close, so the connection is not kept either way.
     */
    static AnswerHead answer(ByteBuf in) {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        int end = endOfHead(in, start, Math.min(readable, MAX_ANSWER_HEAD));
        if (end < 0) {
            return readable >= MAX_ANSWER_HEAD ? INVALID : null;
        }
        int length = end - start;
        byte[] head = new byte[length];
        in.getBytes(start, head);
        int lineEnd = indexOf(head, 0, length, (byte) '\r');
        if (lineEnd < 12 || head[lineEnd + 1] != '\n' || !regionIs(head, 0, "HTTP/1.") || head[8] != ' '
                || head[7] != '0' && head[7] != '1') {
            return INVALID;
        }
        boolean http11 = head[7] == '1';
        int status = 0;
        for (int i = 9; i < 12; i++) {
            if (head[i] < '0' || head[i] > '9') {
                return INVALID;
            }
            status = status * 10 + head[i] - '0';
        }
        if (status < 100 || lineEnd > 12 && head[12] != ' ') {
            return INVALID;
        }
        String reason = lineEnd > 13 ? new String(head, 13, lineEnd - 13, StandardCharsets.ISO_8859_1) : "";
        for (int i = 0; i < reason.length(); i++) {
            char c = reason.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                return INVALID;
            }
        }
        int[] fields = fields(head, lineEnd + 2, length, true);
        if (fields == null) {
            return INVALID;
        }
        int count = fields[fields.length - 1];
        long contentLength = -1;
        boolean chunked = false;
        boolean keepAlive = http11;
        for (int i = 0; i < count; i++) {
            int name = fields[i * 4];
            int colon = fields[i * 4 + 1];
            int valueStart = fields[i * 4 + 2];
            int valueEnd = fields[i * 4 + 3];
            if (nameIs(head, name, colon, "Content-Length")) {
                long declared = number(head, valueStart, valueEnd);
                if (declared < 0 || contentLength >= 0 && declared != contentLength) {
                    return INVALID;
                }
                contentLength = declared;
            } else if (nameIs(head, name, colon, "Transfer-Encoding")) {
                String value = new String(head, valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1);
                if (chunked || !value.trim().equalsIgnoreCase("chunked")) {
                    return INVALID;
                }
                chunked = true;
            } else if (nameIs(head, name, colon, "Connection")) {
                String value = new String(head, valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1);
                for (String option : value.split(",")) {
                    if (option.trim().equalsIgnoreCase("close")) {
                        keepAlive = false;
                    } else if (option.trim().equalsIgnoreCase("keep-alive") && !http11) {
                        keepAlive = true;
                    }
                }
            }
        }
        if (chunked && contentLength >= 0) {
            return INVALID; // RFC 9112 section 6.3: a message with both is an attack or an error
        }
        if (chunked && !http11) {
            return INVALID;
        }
        if (contentLength < 0 && !chunked && !bodyless(status)) {
            keepAlive = false; // the body ends when the replica closes the connection
        }
        return new AnswerHead(status, reason, head, fields, count, contentLength, chunked, keepAlive, length);
    }

    /**
     * The header lines of {@code head} from {@code line} to its blank line, as offsets
     * {@code [nameStart, colon, valueStart, valueEnd]} per line with the count of lines in the last element, or null
     * when a line is not one RFC 9112 allows: a name of token characters right before the colon (so no folded line
     * and no space before the colon), a value of visible characters, spaces and tabs (and, when {@code obsText}, bytes
     * above 0x7f), CRLF line ends, at most {@link #MAX_HEADERS} lines.
     */
    private static int[] fields(byte[] head, int line, int length, boolean obsText) {
        int[] fields = new int[17];
        int count = 0;
        while (line < length - 2) {
            int eol = indexOf(head, line, length, (byte) '\r');
            if (eol < 0 || head[eol + 1] != '\n' || count == MAX_HEADERS) {
                return null;
            }
            int colon = -1;
            for (int i = line; i < eol; i++) {
                if (head[i] == ':') {
                    colon = i;
                    break;
                }
                if (!isTokenChar(head[i])) {
                    return null;
                }
            }
            if (colon <= line) {
                return null;
            }
            int valueStart = colon + 1;
            while (valueStart < eol && (head[valueStart] == ' ' || head[valueStart] == '\t')) {
                valueStart++;
            }
            int valueEnd = eol;
            while (valueEnd > valueStart && (head[valueEnd - 1] == ' ' || head[valueEnd - 1] == '\t')) {
                valueEnd--;
            }
            for (int i = valueStart; i < valueEnd; i++) {
                byte b = head[i];
                if (b >= 0 && b < 0x20 && b != '\t' || b == 0x7f || b < 0 && !obsText) {
                    return null;
                }
            }
            if (fields.length < (count + 1) * 4 + 1) {
                fields = java.util.Arrays.copyOf(fields, fields.length * 2);
            }
            fields[count * 4] = line;
            fields[count * 4 + 1] = colon;
            fields[count * 4 + 2] = valueStart;
            fields[count * 4 + 3] = valueEnd;
            count++;
            line = eol + 2;
        }
        fields[fields.length - 1] = count;
        return fields;
    }

    /** Whether an answer with {@code status} has no body whatever its headers say (to a request other than HEAD). */
    static boolean bodyless(int status) {
        return status < 200 || status == 204 || status == 304;
    }

    /** The index just past the blank line ending a head that starts at {@code start}, or -1 within {@code limit}. */
    private static int endOfHead(ByteBuf in, int start, int limit) {
        for (int i = start + 3; i < start + limit; i++) {
            if (in.getByte(i) == '\n' && in.getByte(i - 1) == '\r' && in.getByte(i - 2) == '\n'
                    && in.getByte(i - 3) == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private static String method(byte[] head, int length) {
        return switch (length) {
            case 3 -> regionIs(head, 0, "GET") ? "GET" : regionIs(head, 0, "PUT") ? "PUT" : null;
            case 4 -> regionIs(head, 0, "POST") ? "POST" : null;
            case 5 -> regionIs(head, 0, "PATCH") ? "PATCH" : null;
            case 6 -> regionIs(head, 0, "DELETE") ? "DELETE" : null;
            case 7 -> regionIs(head, 0, "OPTIONS") ? "OPTIONS" : null;
            default -> null;
        };
    }

    /** RFC 9110 section 5.6.2's tchar. */
    static boolean isTokenChar(byte b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '!' || b == '#'
                || b == '$' || b == '%' || b == '&' || b == '\'' || b == '*' || b == '+' || b == '-' || b == '.'
                || b == '^' || b == '_' || b == '`' || b == '|' || b == '~';
    }

    /** Whether the bytes {@code [from, to)} are {@code name}, ignoring ASCII case. */
    static boolean nameIs(byte[] bytes, int from, int to, String name) {
        if (to - from != name.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            int a = bytes[from + i];
            int b = name.charAt(i);
            if (a != b && (a | 0x20) != (b | 0x20) || a != b && !Character.isLetter(b)) {
                return false;
            }
        }
        return true;
    }

    private static boolean regionIs(byte[] bytes, int from, String text) {
        if (from + text.length() > bytes.length) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (bytes[from + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A plain decimal number of at most 18 digits, or -1. */
    private static long number(byte[] bytes, int from, int to) {
        if (to <= from || to - from > 18) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            if (bytes[i] < '0' || bytes[i] > '9') {
                return -1;
            }
            value = value * 10 + bytes[i] - '0';
        }
        return value;
    }

    private static int indexOf(byte[] bytes, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] bytes, int from, int to, byte b) {
        for (int i = to - 1; i >= from; i--) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether the header named by {@code [from, to)} is one the proxy drops: hop-by-hop (RFC 9110 section 7.6.1) as
     * {@link ProxyHeaders#isHopByHop} decides.
     */
    static boolean isHopByHop(byte[] bytes, int from, int to) {
        return switch (to - from) {
            case 2 -> nameIs(bytes, from, to, "Te");
            case 7 -> nameIs(bytes, from, to, "Upgrade") || nameIs(bytes, from, to, "Trailer");
            case 10 -> nameIs(bytes, from, to, "Connection") || nameIs(bytes, from, to, "Keep-Alive");
            case 16 -> nameIs(bytes, from, to, "Proxy-Connection");
            case 17 -> nameIs(bytes, from, to, "Transfer-Encoding");
            case 18 -> nameIs(bytes, from, to, "Proxy-Authenticate");
            case 19 -> nameIs(bytes, from, to, "Proxy-Authorization");
            default -> false;
        };
    }
}
