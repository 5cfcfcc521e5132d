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
import java.time.ZoneId;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The watchdog's own log lines, on stderr, one line each with the time as OpenFaaS's watchdogs print it (Go's standard
 * logger: {@code 2006/01/02 15:04:05}, so tools that strip that prefix keep working; the precise time of a line is
 * the one its collector records: the gateway's log in local mode, the kubelet's in a cluster). A request only queues its line
 * (lock-free); a background thread formats and writes the queue every 50 ms, so the access log costs no lock and no
 * system call per request. Errors are written at once. Deliberately not java.util.logging or a logging library:
 * both cost start-up time, and the watchdog starts on every cold start.
 */
public final class Log {

    private static final long FLUSH_MILLIS = 50;
    private static final PrintStream OUT = new PrintStream(new BufferedOutputStream(
            new FileOutputStream(FileDescriptor.err), 1 << 16), false, StandardCharsets.UTF_8);
    private static final ZoneId ZONE = ZoneId.systemDefault();
    private static final ConcurrentLinkedQueue<Line> QUEUE = new ConcurrentLinkedQueue<>();

    /** Formats the time of many lines cheaply: the date and time of day change once a second. */
    private static long formattedSecond = Long.MIN_VALUE;
    private static String secondPrefix = "";

    private record Line(long epochSecond, String text) {
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
        QUEUE.offer(new Line(Instant.now().getEpochSecond(), message));
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
                appendTime(text, line.epochSecond());
                OUT.append(text).append(' ').append(line.text()).append('\n');
            }
            OUT.flush();
        }
    }

    /** Go's log time, {@code 2026/11/23 19:53:27} in the local time zone, cached: it changes once a second. */
    private static void appendTime(StringBuilder text, long epochSecond) {
        if (epochSecond != formattedSecond) {
            formattedSecond = epochSecond;
            secondPrefix = goTime(Instant.ofEpochSecond(epochSecond));
        }
        text.append(secondPrefix);
    }

    /**
     * {@code instant} as Go's standard logger prints it ({@code 2006/01/02 15:04:05}, local time), the prefix every
     * OpenFaaS watchdog's log line carries and that log tools strip.
     */
    public static String goTime(Instant instant) {
        // by hand rather than with a DateTimeFormatter, whose classes cost start-up time on every cold start
        LocalDateTime time = LocalDateTime.ofInstant(instant, ZONE);
        StringBuilder text = new StringBuilder(19).append(time.getYear()).append('/');
        twoDigits(text, time.getMonthValue()).append('/');
        twoDigits(text, time.getDayOfMonth()).append(' ');
        twoDigits(text, time.getHour()).append(':');
        twoDigits(text, time.getMinute()).append(':');
        return twoDigits(text, time.getSecond()).toString();
    }

    private static StringBuilder twoDigits(StringBuilder text, int value) {
        return text.append(value < 10 ? "0" : "").append(value);
    }
}
