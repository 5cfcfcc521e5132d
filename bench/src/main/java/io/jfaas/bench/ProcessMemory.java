package io.jfaas.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's memory as Linux accounts it: resident set size ({@code VmRSS} in {@code /proc/PID/status}) and
 * proportional set size ({@code Pss} in {@code /proc/PID/smaps_rollup}: pages shared with other processes, such as a
 * shared class-data archive, count as their share).
 */
final class ProcessMemory {

    private ProcessMemory() {
    }

    static long rssKib(long pid) throws IOException {
        return field(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:");
    }

    static long pssKib(long pid) throws IOException {
        return field(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss:");
    }

    private static long field(Path file, String name) throws IOException {
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no " + name + " in " + file);
    }
}
