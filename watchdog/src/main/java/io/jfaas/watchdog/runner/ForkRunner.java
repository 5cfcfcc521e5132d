package io.jfaas.watchdog.runner;

import io.jfaas.watchdog.config.WatchdogConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The fork modes of OpenFaaS's watchdogs: {@code fprocess} runs once per request with the body on stdin and the
 * answer on stdout, and the request in {@code Http_*} environment variables ({@code Http_Method}, {@code Http_Path},
 * {@code Http_Query}, {@code Http_X_Call_Id}, ...). In streaming mode the answer is 200 and streamed as it comes; in
 * serializing mode it is buffered, so a failing process gives 500 and a timeout 504.
 */
final class ForkRunner implements FunctionRunner {

    private static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    private final WatchdogConfig config;
    private final Map<String, String> env;
    private final boolean streaming;

    ForkRunner(WatchdogConfig config, Map<String, String> env, boolean streaming) {
        this.config = config;
        this.env = Map.copyOf(env);
        this.streaming = streaming;
    }

    @Override
    public void start() {
        // nothing to prepare: every request starts its own process
    }

    @Override
    public void serve(Exchange exchange) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(config.fprocess());
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.environment().putAll(requestEnvironment(exchange));
        Process process = ChildProcesses.start(builder);
        ChildOutput.copy(process.getErrorStream(), "stderr", config.prefixLogs());
        Thread feeder = feed(exchange, process);
        try {
            if (streaming) {
                stream(exchange, process);
            } else {
                buffer(exchange, process);
            }
        } finally {
            process.destroyForcibly();
            feeder.interrupt();
        }
    }

    private void stream(Exchange exchange, Process process) throws IOException {
        exchange.responseHeaders().set("Content-Type", contentType());
        long deadline = deadline();
        try (InputStream in = process.getInputStream(); OutputStream out = exchange.start(200, -1)) {
            Thread killer = config.hasExecTimeout() ? Thread.ofVirtual().start(() -> killAt(process, deadline)) : null;
            byte[] buffer = new byte[16384];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            if (killer != null) {
                killer.interrupt();
            }
        }
    }

    private void buffer(Exchange exchange, Process process) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (InputStream in = process.getInputStream()) {
                in.transferTo(output);
            } catch (IOException e) {
                // the process was killed
            }
        });
        boolean exited;
        try {
            if (config.hasExecTimeout()) {
                exited = process.waitFor(config.execTimeout().toNanos(), TimeUnit.NANOSECONDS);
            } else {
                process.waitFor();
                exited = true;
            }
            if (exited) {
                reader.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (!exited) {
            exchange.sendText(504, "function did not answer within exec_timeout (" + config.execTimeout().toMillis()
                    + " ms)\n", Exchange.INTERNAL_HEADER, "of-watchdog");
        } else if (process.exitValue() != 0) {
            exchange.sendText(500, "function exited with code " + process.exitValue() + "\n",
                    Exchange.INTERNAL_HEADER, "of-watchdog");
        } else {
            exchange.responseHeaders().set("Content-Type", contentType());
            byte[] body = output.toByteArray();
            try (OutputStream out = exchange.start(200, body.length)) {
                if (!"HEAD".equals(exchange.method())) {
                    out.write(body);
                }
            }
        }
    }

    /** Writes the request body to the process's stdin, then closes it. */
    private static Thread feed(Exchange exchange, Process process) throws BodyTooLargeException {
        InputStream body = exchange.requestBody();
        return Thread.ofVirtual().start(() -> {
            try (OutputStream stdin = process.getOutputStream()) {
                body.transferTo(stdin);
            } catch (IOException e) {
                // the process stopped reading, or the body was too large: the process sees a cut input
            }
        });
    }

    /** The request as CGI-style variables, as OpenFaaS's watchdogs give them. */
    static Map<String, String> requestEnvironment(Exchange exchange) {
        Map<String, String> variables = new LinkedHashMap<>();
        exchange.requestHeaders().forEach((name, values) -> {
            if (!values.isEmpty()) {
                variables.put("Http_" + goCanonical(name).replace('-', '_'), values.get(0));
            }
        });
        variables.put("Http_Method", exchange.method());
        variables.put("Http_Path", exchange.rawPath());
        if (exchange.rawQuery() != null) {
            variables.put("Http_Query", exchange.rawQuery());
        }
        String encoding = exchange.requestHeaders().getFirst("Transfer-Encoding");
        if (encoding != null) {
            variables.put("Http_Transfer_Encoding", encoding);
        }
        return variables;
    }

    /**
     * Go's canonical header name ({@code X-Call-Id}), which OpenFaaS's watchdogs use for {@code Http_*} names; the
     * JDK's server hands names over as {@code X-call-id}.
     */
    static String goCanonical(String name) {
        char[] chars = name.toCharArray();
        boolean upper = true;
        for (int i = 0; i < chars.length; i++) {
            chars[i] = upper ? Character.toUpperCase(chars[i]) : Character.toLowerCase(chars[i]);
            upper = chars[i] == '-';
        }
        return new String(chars);
    }

    private String contentType() {
        return config.contentType() != null ? config.contentType() : DEFAULT_CONTENT_TYPE;
    }

    private long deadline() {
        return config.hasExecTimeout() ? System.nanoTime() + config.execTimeout().toNanos() : Long.MAX_VALUE;
    }

    private static void killAt(Process process, long deadline) {
        try {
            long wait = deadline - System.nanoTime();
            if (wait > 0 && process.waitFor(wait, TimeUnit.NANOSECONDS)) {
                return;
            }
            process.destroyForcibly();
        } catch (InterruptedException e) {
            // the output ended first
        }
    }

    @Override
    public void stop() {
        // processes end with their requests
    }
}
