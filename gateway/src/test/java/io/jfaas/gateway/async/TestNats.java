package io.jfaas.gateway.async;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;

/** A real nats-server for a test, from the Debian package; in CI its absence fails the test instead of skipping it. */
public final class TestNats {

    private TestNats() {
    }

    public static Path program() {
        Path program = NatsServerProcess.find("nats-server").orElse(null);
        if (program == null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("nats-server is not installed (apt-get install nats-server)");
            }
            assumeTrue(false, "nats-server is not installed (apt-get install nats-server): skipping");
        }
        return program;
    }

    public static NatsServerProcess start(Path dir) throws IOException {
        return NatsServerProcess.start(program(), dir, 0);
    }
}
