package io.jfaas.gateway.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The records one logger (and the loggers under it) publishes in this process while the capture is open, those that
 * {@code wanted} accepts; {@link #close()} takes it off the logger again.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final Predicate<LogRecord> wanted;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger, Predicate<LogRecord> wanted) {
        this.logger = logger;
        this.wanted = wanted;
    }

    /** Starts capturing what {@code loggerName} ({@code ""}: every logger) publishes and {@code wanted} accepts. */
    public static LogCapture of(String loggerName, Predicate<LogRecord> wanted) {
        LogCapture capture = new LogCapture(Logger.getLogger(loggerName), wanted);
        capture.logger.addHandler(capture);
        return capture;
    }

    /** The records captured so far. */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** The captured records' messages (unformatted). */
    public List<String> messages() {
        return records.stream().map(LogRecord::getMessage).toList();
    }

    @Override
    public void publish(LogRecord record) {
        if (wanted.test(record)) {
            records.add(record);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
