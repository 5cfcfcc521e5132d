package io.jfaas.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fallback for machines without setpriv: the next gateway stops the replicas a killed one left running. */
class PidFilesTest {

    @TempDir
    Path state;
    private Process replica;

    @AfterEach
    void kill() {
        if (replica != null) {
            replica.descendants().forEach(ProcessHandle::destroyForcibly);
            replica.destroyForcibly();
        }
    }

    @Test
    void the_next_gateway_kills_a_replica_the_last_one_recorded() throws Exception {
        replica = fakeReplica();
        new PidFiles(state).record("hello-bcdfg", replica.toHandle());

        int killed = new PidFiles(state).killOrphans();

        assertThat(killed).isEqualTo(1);
        assertThat(replica.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(pidFiles()).isZero();
    }

    @Test
    void a_process_that_reuses_a_recorded_id_is_left_alone() throws Exception {
        replica = fakeReplica();
        Files.createDirectories(state.resolve("run/pids"));
        // the same id, but a start time that is not this process's: the recorded replica is gone, its id reused
        Files.writeString(state.resolve("run/pids/hello-bcdfg.pid"), replica.pid() + " 1000\n");

        int killed = new PidFiles(state).killOrphans();

        assertThat(killed).isZero();
        assertThat(replica.isAlive()).isTrue();
        assertThat(pidFiles()).isZero();
    }

    /** A long-running process whose command line names the watchdog's main class, as a replica's does. */
    private static Process fakeReplica() throws Exception {
        return new ProcessBuilder("sh", "-c", "while :; do sleep 1; done", ReplicaCommand.WATCHDOG_MAIN).start();
    }

    private long pidFiles() throws Exception {
        Path dir = state.resolve("run/pids");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.list(dir)) {
            return files.count();
        }
    }
}
