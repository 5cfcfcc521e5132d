package io.jfaas.gateway.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Memory as Linux reports it in {@code /proc}: what the machine has available for new processes, and what one
 * replica process uses (its proportional set size: shared pages, such as a start-up cache mapped by every replica,
 * counted once across them). Elsewhere, unknown.
 */
final class Memory {

    private static final Path MEMINFO = Path.of("/proc/meminfo");

    private Memory() {
    }

    /** {@code MemAvailable} in bytes, or -1 when it cannot be read. */
    static long availableBytes() {
        return kib(MEMINFO, "MemAvailable:") * 1024;
    }

    /** The process's proportional set size ({@code Pss}), else its resident set ({@code VmRSS}), in bytes; 0: gone. */
    static long ofProcess(ProcessHandle process) {
        Path proc = Path.of("/proc", Long.toString(process.pid()));
        long pss = kib(proc.resolve("smaps_rollup"), "Pss:");
        long kib = pss >= 0 ? pss : kib(proc.resolve("status"), "VmRSS:");
        return Math.max(0, kib) * 1024;
    }

    /** The number of kiB on the line that starts with {@code key}, or -1. */
    private static long kib(Path file, String key) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException | SecurityException e) {
            return -1;
        }
        for (String line : lines) {
            if (line.startsWith(key)) {
                String digits = line.substring(key.length()).replaceAll("[^0-9]", "");
                return digits.isEmpty() ? -1 : Long.parseLong(digits);
            }
        }
        return -1;
    }
}
