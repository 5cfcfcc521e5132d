package io.jfaas.cli.api;

import io.jfaas.cli.Version;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 request and its answer, on a connection of its own that closing the answer closes: what a faas-cli
 * command needs (one call, two for a deploy), blocking, on the calling thread. The JDK's {@code HttpClient} did the
 * same with a selector thread, asynchronous stages and the JDK's logging back end looked up across the whole class
 * path, which cost more start-up than most calls. HTTPS uses the JDK's default TLS context (its trust store) and checks
 * the certificate names the host. Never follows redirects; no proxy.
 */
final class HttpCall {

    /** How long connecting (and the TLS handshake) may take. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** The most an answer's status line and headers may take together. */
    static final int MAX_HEAD_BYTES = 256 * 1024;

    /** The most a chunk's size line (the size and any extensions) may take. */
    private static final int CHUNK_SIZE_LINE_BYTES = 4096;

    private static final String USER_AGENT = "faas-cli/" + Version.version();

    private HttpCall() {
    }

    /**
     * An answer whose body is still to be read; closing it closes the connection.
     *
     * @param status the status code
     * @param headers the headers
     * @param body the body, as long as the answer says (its length, its chunks, or until the connection closes)
     */
    record Answer(int status, ResponseHeaders headers, InputStream body) implements Closeable {
        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    /**
     * Sends a request and reads the answer's head.
     *
     * @param headers name and value pairs, sent in order after {@code Host}
     * @param body the body, or null for none
     * @param timeout how long the answer's head may take to arrive, and then any wait for more of its body; null for
     *     no limit after connecting (streams that last as long as the gateway keeps them open)
     * @throws IOException when the gateway cannot be reached or answers something that is not HTTP/1.x
     */
    static Answer send(URI uri, String method, List<String[]> headers, byte[] body, Duration timeout)
            throws IOException {
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        if (!tls && !"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL: " + uri);
        }
        String host = uri.getHost();
        String address = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80;
        byte[] head = head(uri, method, headers, body);
        long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            try {
                socket.connect(new InetSocketAddress(address, port), (int) CONNECT_TIMEOUT.toMillis());
                if (tls) {
                    socket = secure(socket, host, port);
                }
            } catch (SocketTimeoutException e) {
                throw new HttpConnectTimeoutException("HTTP connect timed out");
            }
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            out.write(head);
            if (body != null) {
                out.write(body);
            }
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            while (true) {
                setTimeout(socket, deadline);
                Head answer;
                try {
                    answer = readHead(in);
                } catch (SocketTimeoutException e) {
                    throw new HttpTimeoutException("request timed out");
                }
                if (answer.status() >= 100 && answer.status() < 200) {
                    continue; // 100 Continue and other interim answers come before the answer
                }
                // after the head, the timeout bounds each wait for more of the body
                socket.setSoTimeout(timeout == null ? 0 : (int) Math.max(1, timeout.toMillis()));
                return new Answer(answer.status(), answer.headers(), body(answer, method, in, socket));
            }
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static Socket secure(Socket plain, String host, int port) throws IOException {
        SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                .createSocket(plain, host, port, true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
        plain.setSoTimeout((int) CONNECT_TIMEOUT.toMillis());
        tls.startHandshake();
        return tls;
    }

    private static void setTimeout(Socket socket, long deadline) throws IOException {
        if (deadline == 0) {
            socket.setSoTimeout(0);
            return;
        }
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new HttpTimeoutException("request timed out");
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
    }

    private static byte[] head(URI uri, String method, List<String[]> headers, byte[] body) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path);
        if (uri.getRawQuery() != null) {
            head.append('?').append(uri.getRawQuery());
        }
        head.append(" HTTP/1.1\r\nHost: ").append(uri.getRawAuthority().substring(
                uri.getRawAuthority().lastIndexOf('@') + 1)).append("\r\n");
        for (String[] header : headers) {
            head.append(checked(header[0], true)).append(": ").append(checked(header[1], false)).append("\r\n");
        }
        head.append("User-Agent: ").append(USER_AGENT).append("\r\n");
        boolean bodyless = method.equals("GET") || method.equals("HEAD") || method.equals("DELETE");
        if (body != null && (body.length > 0 || !bodyless)) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        } else if (body == null && !bodyless) {
            head.append("Content-Length: 0\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A header name or value as it may go on the wire: no line breaks (they would end the header). */
    private static String checked(String text, boolean name) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n' || c > 0xff || name && (c <= ' ' || c == ':')) {
                throw new IllegalArgumentException("invalid header " + (name ? "name" : "value") + ": \"" + text
                        + "\"");
            }
        }
        return text;
    }

    private record Head(int status, ResponseHeaders headers) {
    }

    private static Head readHead(InputStream in) throws IOException {
        Budget budget = new Budget("head", MAX_HEAD_BYTES);
        String statusLine = line(in, budget);
        if (statusLine == null) {
            throw new EOFException("the connection closed before an answer");
        }
        // HTTP/1.1 200 OK
        int space = statusLine.indexOf(' ');
        if (!statusLine.startsWith("HTTP/1.") || space < 0 || statusLine.length() < space + 4) {
            throw new IOException("not an HTTP/1.x answer: " + abbreviate(statusLine));
        }
        int status;
        try {
            status = Integer.parseInt(statusLine.substring(space + 1, space + 4));
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP/1.x status line: " + abbreviate(statusLine));
        }
        ResponseHeaders.Builder headers = ResponseHeaders.builder();
        while (true) {
            String line = line(in, budget);
            if (line == null) {
                throw new EOFException("the connection closed in the middle of the answer's headers");
            }
            if (line.isEmpty()) {
                return new Head(status, headers.build());
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("not an HTTP header: " + abbreviate(line));
            }
            headers.add(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
    }

    /** The most bytes a part of the answer read line by line may take: its head, a chunk's size line, its trailers. */
    private static final class Budget {
        private final String what;
        private final int limit;
        private int left;

        Budget(String what, int limit) {
            this.what = what;
            this.limit = limit;
            this.left = limit;
        }

        void take() throws IOException {
            if (--left < 0) {
                throw new IOException("the answer's " + what + " is longer than " + limit + " bytes");
            }
        }
    }

    /** One line without its CRLF (or LF), null at the end of the stream before any byte; counted against budget. */
    private static String line(InputStream in, Budget budget) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.ISO_8859_1);
            }
            budget.take();
            bytes.write(c);
        }
        budget.take();
        String line = bytes.toString(StandardCharsets.ISO_8859_1);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static String abbreviate(String text) {
        return text.length() > 100 ? text.substring(0, 100) + "..." : text;
    }

    private static InputStream body(Head head, String method, InputStream in, Socket socket) throws IOException {
        if (method.equals("HEAD") || head.status() == 204 || head.status() == 304) {
            return new BodyStream(InputStream.nullInputStream(), socket);
        }
        String encoding = head.headers().firstValue("Transfer-Encoding").orElse("");
        if (encoding.toLowerCase(Locale.ROOT).endsWith("chunked")) {
            return new BodyStream(new ChunkedStream(in), socket);
        }
        String length = head.headers().firstValue("Content-Length").orElse(null);
        if (length == null) {
            return new BodyStream(in, socket); // until the connection closes
        }
        try {
            return new BodyStream(new LengthStream(in, Long.parseLong(length.strip())), socket);
        } catch (NumberFormatException e) {
            throw new IOException("not a Content-Length: " + abbreviate(length));
        }
    }

    /** The body; closing it closes the connection. */
    private static final class BodyStream extends FilterInputStream {
        private final Socket socket;

        BodyStream(InputStream body, Socket socket) {
            super(body);
            this.socket = socket;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A body whose end its framing tells (a length, or chunks): single bytes are read through the bulk read. */
    private abstract static class FramedBody extends FilterInputStream {

        FramedBody(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }

    /** A body of a known length. */
    private static final class LengthStream extends FramedBody {
        private long left;

        LengthStream(InputStream in, long length) {
            super(in);
            this.left = length;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, left));
            if (n < 0) {
                throw new EOFException("the connection closed " + left + " bytes before the end of the answer");
            }
            left -= n;
            return n;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), left);
        }
    }

    /** A chunked body (RFC 9112, 7.1), read as its chunks arrive. */
    private static final class ChunkedStream extends FramedBody {
        private long left;
        private boolean done;

        ChunkedStream(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (left == 0 && !done) {
                nextChunk();
            }
            if (done) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, left));
            if (n < 0) {
                throw new EOFException("the connection closed in the middle of a chunk of the answer");
            }
            left -= n;
            if (left == 0) {
                if (!"".equals(line(in, new Budget("chunk's end", 3)))) {
                    throw new IOException("a chunk of the answer does not end with CRLF");
                }
            }
            return n;
        }

        private void nextChunk() throws IOException {
            String size = line(in, new Budget("chunk size line", CHUNK_SIZE_LINE_BYTES));
            if (size == null) {
                throw new EOFException("the connection closed before the answer's last chunk");
            }
            int extension = size.indexOf(';');
            try {
                left = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).strip(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("not a chunk size: " + abbreviate(size));
            }
            if (left < 0) {
                throw new IOException("not a chunk size: " + abbreviate(size));
            }
            if (left == 0) {
                done = true;
                Budget trailers = new Budget("trailers", MAX_HEAD_BYTES);
                String trailer;
                do {
                    trailer = line(in, trailers);
                } while (trailer != null && !trailer.isEmpty());
            }
        }

        @Override
        public int available() throws IOException {
            return done ? 0 : (int) Math.min(in.available(), left);
        }
    }
}
