package io.jfaas.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Trains a start-up cache for a server the way the local provider does: start it with the cache output option,
 * wait until {@code readyPath} answers, ask it a few more times, stop it; the JVM writes the cache as it exits.
 */
final class Caches {

    private Caches() {
    }

    /** The options that use the trained cache; AOT cache on JDK 24+, AppCDS before. */
    static List<String> train(Server server, Path file, String readyPath) throws IOException, InterruptedException {
        boolean aot = Runtime.version().feature() >= 24;
        Files.deleteIfExists(file);
        Server training = server.withOptions(server.name() + " (training)", aot
                ? List.of("-XX:AOTCacheOutput=" + file) : List.of("-XX:ArchiveClassesAtExit=" + file));
        try (Server.Running running = training.start()) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Server.answers200(running.port(), readyPath)) {
                if (System.nanoTime() > deadline || !running.process().isAlive()) {
                    throw new IllegalStateException(server.name() + " never became ready for training");
                }
                Thread.sleep(10);
            }
            for (int i = 0; i < 20; i++) {
                Server.answers200(running.port(), readyPath);
            }
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("training " + server.name() + " wrote no cache " + file);
        }
        return aot ? List.of("-XX:AOTMode=on", "-XX:AOTCache=" + file)
                : List.of("-Xshare:on", "-XX:SharedArchiveFile=" + file);
    }
}
