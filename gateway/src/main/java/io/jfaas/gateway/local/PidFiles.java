package io.jfaas.gateway.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * One file per running replica with its process id and start time. A gateway that was killed cannot stop its
 * replicas; the next one reads these files and stops whatever is still running, so no watchdog outlives its gateway
 * for long and no port stays taken.
 */
final class PidFiles {

    private static final Logger LOG = Logger.getLogger(PidFiles.class.getName());

    private final Path dir;

    PidFiles(Path stateDir) {
        this.dir = stateDir.resolve("run").resolve("pids");
    }

    void record(String instance, ProcessHandle process) {
        try {
            Files.createDirectories(dir);
            long startMillis = process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
            Files.writeString(dir.resolve(instance + ".pid"), process.pid() + " " + startMillis + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot record the process id of " + instance + ": " + e.getMessage());
        }
    }

    void forget(String instance) {
        try {
            Files.deleteIfExists(dir.resolve(instance + ".pid"));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot remove the process id file of " + instance + ": " + e.getMessage());
        }
    }

    /** Kills replicas a previous gateway left running; returns how many it found. */
    int killOrphans() throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int killed = 0;
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".pid")).toList();
        }
        for (Path file : files) {
            Optional<ProcessHandle> orphan = orphanOf(file);
            if (orphan.isPresent()) {
                ProcessHandle process = orphan.get();
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                killed++;
            }
            Files.deleteIfExists(file);
        }
        return killed;
    }

    private static Optional<ProcessHandle> orphanOf(Path file) {
        try {
            String[] fields = Files.readString(file, StandardCharsets.UTF_8).trim().split("\\s+");
            long pid = Long.parseLong(fields[0]);
            long startMillis = fields.length > 1 ? Long.parseLong(fields[1]) : 0;
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    // the same process, not a new one that reuses the id
                    .filter(p -> p.info().startInstant().map(Instant::toEpochMilli).orElse(-1L) == startMillis)
                    .filter(p -> p.info().commandLine().map(c -> c.contains(ReplicaCommand.WATCHDOG_MAIN)).orElse(true));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
