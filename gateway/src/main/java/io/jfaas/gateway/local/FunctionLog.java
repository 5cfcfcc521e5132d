package io.jfaas.gateway.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.provider.LogQuery;
import io.jfaas.provider.LogStream;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.Json;
import io.jfaas.model.LogMessage;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A function's log: every line its replicas print, kept as one JSON object a line in the shape {@code /system/logs}
 * streams ({@code name, namespace, instance, timestamp, text}), rotated to {@code NAME.log.1} past a size limit, and
 * handed to followers as it is written.
 */
final class FunctionLog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FunctionLog.class.getName());
    static final long ROTATE_BYTES = 10L * 1024 * 1024;
    private static final ObjectMapper JSON = Json.newMapper();

    private final FunctionRef ref;
    private final Path file;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Follower> followers = new CopyOnWriteArrayList<>();
    /** The last lines of the replicas that printed most recently: a crashed one's last error comes from them. */
    private final LinkedHashMap<String, Deque<String>> recent = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<String>> eldest) {
            return size() > RECENT_INSTANCES;
        }
    };
    static final int RECENT_INSTANCES = 16;
    static final int RECENT_LINES = 20;
    /** The lines' JSON, written under {@link #lock}. */
    private final LogLineJson.Encoder encoder = new LogLineJson.Encoder();
    private OutputStream out;
    private long size;

    FunctionLog(FunctionRef ref, Path stateDir) {
        this.ref = ref;
        this.file = stateDir.resolve("logs").resolve(ref.namespace()).resolve(ref.name() + ".log");
    }

    Path file() {
        return file;
    }

    /** Appends one line and writes it out at once. Never throws: a log that cannot be written is reported. */
    void append(String instance, String text) {
        appendBuffered(instance, text);
        flush();
    }

    /**
     * Appends one line of a burst a replica printed: buffered until {@link #flush()}, which the reader calls once it
     * has nothing more to read (followers get the line at once either way).
     */
    void appendBuffered(String instance, String text) {
        LogMessage message = new LogMessage(ref.name(), ref.namespace(), instance, Instant.now(), text + "\n");
        lock.lock();
        try {
            int line = encoder.encode(message);
            if (!text.startsWith("[jfaas]")) {
                Deque<String> lines = recent.computeIfAbsent(instance, i -> new ArrayDeque<>());
                lines.addLast(text.length() > 500 ? text.substring(0, 500) + "…" : text);
                if (lines.size() > RECENT_LINES) {
                    lines.removeFirst();
                }
            }
            if (out == null || size + line > ROTATE_BYTES) {
                open(out != null);
            }
            out.write(encoder.bytes(), 0, line);
            size += line;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot write the log of " + ref + " to " + file + ": " + e.getMessage());
            out = null;
        } finally {
            for (Follower follower : followers) {
                follower.offer(message);
            }
            lock.unlock();
        }
    }

    /**
     * What an instance printed last that says what went wrong: the last of its recent lines that is not a stack
     * frame or blank ({@code at ...}, {@code ... 3 more}, indented), if it printed any.
     */
    Optional<String> lastWords(String instance) {
        lock.lock();
        try {
            Deque<String> lines = recent.getOrDefault(instance, new ArrayDeque<>());
            Iterator<String> newestFirst = lines.descendingIterator();
            while (newestFirst.hasNext()) {
                String line = newestFirst.next();
                if (!line.isBlank() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("...")) {
                    return Optional.of(line.strip());
                }
            }
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** Writes buffered lines to the file. */
    void flush() {
        lock.lock();
        try {
            if (out != null) {
                out.flush();
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot write the log of " + ref + " to " + file + ": " + e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    /**
     * The lines the query selects, oldest first, then (with follow) each new line as it is written. History and
     * new lines neither overlap nor leave a gap: both are taken under the writer's lock.
     */
    LogStream stream(LogQuery query, Consumer<LogMessage> onMessage) throws IOException {
        Follower follower = new Follower(query, onMessage);
        lock.lock();
        try {
            if (out != null) {
                out.flush();
            }
            for (LogMessage message : history(query)) {
                onMessage.accept(message);
            }
            if (query.follow()) {
                followers.add(follower);
            } else {
                follower.done.complete(null);
            }
        } finally {
            lock.unlock();
        }
        return follower;
    }

    private Deque<LogMessage> history(LogQuery query) throws IOException {
        Deque<LogMessage> selected = new ArrayDeque<>();
        for (Path source : List.of(file.resolveSibling(file.getFileName() + ".1"), file)) {
            if (!Files.isRegularFile(source)) {
                continue;
            }
            try (BufferedReader reader = Files.newBufferedReader(source, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    LogMessage message = parse(line);
                    if (message != null && matches(query, message)) {
                        selected.addLast(message);
                        if (query.tail() >= 0 && selected.size() > query.tail()) {
                            selected.removeFirst();
                        }
                    }
                }
            }
        }
        return selected;
    }

    private static boolean matches(LogQuery query, LogMessage message) {
        return (query.instance() == null || query.instance().equals(message.instance()))
                && (query.since() == null || message.timestamp() == null || !message.timestamp().isBefore(query.since()));
    }

    private static LogMessage parse(String line) {
        try {
            return JSON.readValue(line, LogMessage.class);
        } catch (IOException e) {
            return null;
        }
    }

    private void open(boolean rotate) throws IOException {
        if (out != null) {
            out.close();
        }
        Files.createDirectories(file.getParent());
        if (rotate || (Files.exists(file) && Files.size(file) > ROTATE_BYTES)) {
            Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
        out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                64 * 1024);
        size = Files.size(file);
    }

    /** Deletes the log files, when the function is removed. */
    void delete() throws IOException {
        close();
        Files.deleteIfExists(file);
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".1"));
    }

    /** Stops writing; followers are told there is no more. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (out != null) {
                out.close();
                out = null;
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot close the log of " + ref + ": " + e.getMessage());
        } finally {
            followers.forEach(f -> f.done.complete(null));
            followers.clear();
            lock.unlock();
        }
    }

    private final class Follower implements LogStream {
        private final LogQuery query;
        private final Consumer<LogMessage> onMessage;
        private final CompletableFuture<Void> done = new CompletableFuture<>();

        Follower(LogQuery query, Consumer<LogMessage> onMessage) {
            this.query = query;
            this.onMessage = onMessage;
        }

        void offer(LogMessage message) {
            if (query.instance() == null || query.instance().equals(message.instance())) {
                onMessage.accept(message);
            }
        }

        @Override
        public CompletableFuture<Void> done() {
            return done;
        }

        @Override
        public void cancel() {
            followers.remove(this);
            done.complete(null);
        }
    }
}
