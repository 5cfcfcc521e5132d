package io.jfaas.gateway.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A function's log: every line its replicas print, as one JSON object a line in the shape {@code /system/logs}
 * streams ({@code name, namespace, instance, timestamp, text}). Rotated to {@code NAME.log.1} past a size limit.
 */
final class FunctionLog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FunctionLog.class.getName());
    static final long ROTATE_BYTES = 10L * 1024 * 1024;
    private static final ObjectMapper JSON = Json.newMapper();

    private final FunctionRef ref;
    private final Path file;
    private final ReentrantLock lock = new ReentrantLock();
    private OutputStream out;
    private long size;

    FunctionLog(FunctionRef ref, Path stateDir) {
        this.ref = ref;
        this.file = stateDir.resolve("logs").resolve(ref.namespace()).resolve(ref.name() + ".log");
    }

    Path file() {
        return file;
    }

    /** Appends one line a replica printed. Never throws: a log that cannot be written is reported once. */
    void append(String instance, String text) {
        byte[] line;
        try {
            line = (JSON.writeValueAsString(new LogLine(ref.name(), ref.namespace(), instance, Instant.now(), text + "\n"))
                    + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a log line is always writable as JSON", e);
        }
        lock.lock();
        try {
            if (out == null || size + line.length > ROTATE_BYTES) {
                open(out != null);
            }
            out.write(line);
            out.flush();
            size += line.length;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot write the log of " + ref + " to " + file + ": " + e.getMessage());
            out = null;
        } finally {
            lock.unlock();
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
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(file);
    }

    /** Deletes the log files, when the function is removed. */
    void delete() throws IOException {
        close();
        Files.deleteIfExists(file);
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".1"));
    }

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
            lock.unlock();
        }
    }

    /** One log line, with the field names of OpenFaaS's log messages. */
    record LogLine(String name, String namespace, String instance, Instant timestamp, String text) {
    }
}
