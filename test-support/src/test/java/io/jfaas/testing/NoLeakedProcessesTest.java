package io.jfaas.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NoLeakedProcessesTest {

    /** A command-line word that marks this test's processes, as a checkout's path marks a build's. */
    private final String marker = "/tmp/no-leak-test-" + UUID.randomUUID();

    @AfterEach
    void killWhatTheTestStarted() {
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(marker))
                .forEach(ProcessHandle::destroyForcibly);
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void a_child_that_still_runs_is_left_behind_until_it_exits() throws Exception {
        Process child = new ProcessBuilder("sleep", "60").start();

        assertThat(NoLeakedProcesses.leftBehind(Instant.now(), List.of(marker))).contains(child.toHandle());

        child.destroy();
        assertThat(NoLeakedProcesses.awaitGone(() -> NoLeakedProcesses.leftBehind(Instant.now(), List.of(marker)),
                Duration.ofSeconds(20))).isEmpty();
    }

    @Test
    void an_orphan_naming_the_build_started_since_is_left_behind() throws Exception {
        Instant since = Instant.now();
        ProcessHandle orphan = startOrphan();

        assertThat(NoLeakedProcesses.leftBehind(since, List.of(marker))).contains(orphan);
    }

    @Test
    void an_orphan_that_started_before_the_class_or_names_another_build_is_not_counted() throws Exception {
        ProcessHandle orphan = startOrphan();

        assertThat(NoLeakedProcesses.leftBehind(Instant.now().plusSeconds(60), List.of(marker)))
                .doesNotContain(orphan);
        assertThat(NoLeakedProcesses.leftBehind(Instant.now().minusSeconds(60), List.of(marker + "-other")))
                .doesNotContain(orphan);
    }

    @Test
    void what_maven_runs_for_another_module_in_a_parallel_build_is_not_counted() throws Exception {
        Instant since = Instant.now();
        // a stand-in for Maven's JVM (its command line names classworlds' launcher), orphaned, running a program that
        // names the build, as the images module's Jib build does while another module's tests run
        Process parent = new ProcessBuilder("sh", "-c", "sh -c \"sh -c 'sleep 60; :' " + marker + "; :\" "
                + "org.codehaus.plexus.classworlds.launcher.Launcher >/dev/null 2>&1 &").start();
        assertThat(parent.waitFor(20, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(marker)).count() == 2);

        assertThat(NoLeakedProcesses.leftBehind(since, List.of(marker)))
                .noneMatch(p -> p.info().commandLine().orElse("").contains(marker));
    }

    /** A shell whose parent exits at once, so that it is re-parented away from the test JVM. */
    private ProcessHandle startOrphan() throws Exception {
        Process parent = new ProcessBuilder("sh", "-c", "sh -c 'sleep 60; :' " + marker + " >/dev/null 2>&1 &")
                .start();
        assertThat(parent.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(marker)
                        && p.parent().map(ProcessHandle::pid).orElse(-1L) != ProcessHandle.current().pid())
                .findFirst().orElse(null), p -> p != null);
    }
}
