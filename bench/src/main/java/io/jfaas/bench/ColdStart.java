package io.jfaas.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Cold start: from starting the process to the first 200 from the function, polled every millisecond. */
final class ColdStart {

    private ColdStart() {
    }

    /** Milliseconds for each of {@code runs} cold starts. */
    static List<Double> measure(Server server, int runs) throws IOException, InterruptedException {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            try (Server.Running running = server.start()) {
                while (!Server.answers200(running.port(), "/")) {
                    if (!running.process().isAlive()) {
                        throw new IllegalStateException(server.name() + " exited with code "
                                + running.process().exitValue() + " before answering");
                    }
                    Thread.sleep(1);
                }
                millis.add((System.nanoTime() - start) / 1e6);
            }
        }
        return millis;
    }
}
