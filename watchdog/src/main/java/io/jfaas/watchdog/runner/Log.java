package io.jfaas.watchdog.runner;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The watchdog's own log lines, on stderr, one line each with an RFC 3339 time. A request only queues its line
 * (lock-free); a background thread formats and writes the queue every 50 ms, so the access log costs no lock and no
 * system call per request. Errors are written at once. Deliberately not java.util.logging or a logging library:
 * both cost start-up time, and the watchdog starts on every cold start.
 */
public final class Log {

    private static final long FLUSH_MILLIS = 50;
    private static final PrintStream OUT = new PrintStream(new BufferedOutputStream(
            new FileOutputStream(FileDescriptor.err), 1 << 16), false, StandardCharsets.UTF_8);
    private static final ConcurrentLinkedQueue<Line> QUEUE = new ConcurrentLinkedQueue<>();

    /** Formats the time of many lines cheaply: the date and time of day change once a second. */
    private static long formattedSecond = Long.MIN_VALUE;
    private static String secondPrefix = "";

    private record Line(long epochSecond, int nano, String text) {
    }

    static {
        Thread.ofPlatform().daemon().name("log-flush").start(() -> {
            while (true) {
                try {
                    TimeUnit.MILLISECONDS.sleep(FLUSH_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                flush();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(Log::flush, "log-flush-at-exit"));
    }

    private Log() {
    }

    /** A line, written within 50 ms. */
    public static void info(String message) {
        Instant now = Instant.now();
        QUEUE.offer(new Line(now.getEpochSecond(), now.getNano(), message));
    }

    /** A line and a stack trace, written at once (with everything queued before it). */
    public static void error(String message, Throwable error) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        info(message + "\n" + trace.toString().stripTrailing());
        flush();
    }

    /** Writes out what is queued. */
    public static void flush() {
        synchronized (OUT) {
            StringBuilder text = new StringBuilder(128);
            Line line;
            while ((line = QUEUE.poll()) != null) {
                text.setLength(0);
                appendTime(text, line.epochSecond(), line.nano());
                OUT.append(text).append(' ').append(line.text()).append('\n');
            }
            OUT.flush();
        }
    }

    /** {@code 2026-11-23T19:53:27.573241332Z}, as Instant prints it (nanoseconds, trailing zeros kept). */
    private static void appendTime(StringBuilder text, long epochSecond, int nano) {
        if (epochSecond != formattedSecond) {
            formattedSecond = epochSecond;
            secondPrefix = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC).toString();
            if (secondPrefix.length() == 16) {
                secondPrefix += ":00"; // LocalDateTime leaves out zero seconds
            }
        }
        text.append(secondPrefix).append('.');
        String digits = Integer.toString(nano);
        for (int i = digits.length(); i < 9; i++) {
            text.append('0');
        }
        text.append(digits).append('Z');
    }
}
