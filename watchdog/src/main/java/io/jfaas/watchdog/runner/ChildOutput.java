package io.jfaas.watchdog.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Copies what a child process prints into the watchdog's own output, a line at a time, prefixed with the time (Go's
 * log format, {@link Log#goTime}) and the stream ({@code stdout:}/{@code stderr:}) when {@code prefix_logs} is on, as
 * of-watchdog does.
 */
final class ChildOutput {

    private ChildOutput() {
    }

    static Thread copy(InputStream from, String stream, boolean prefix) {
        PrintStream to = stream.equals("stderr") ? System.err : System.out;
        return Thread.ofVirtual().name("fprocess-" + stream).start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    to.println(prefix ? Log.goTime(Instant.now()) + " " + stream + ": " + line : line);
                }
            } catch (IOException e) {
                // the process closed its output
            }
        });
    }
}
