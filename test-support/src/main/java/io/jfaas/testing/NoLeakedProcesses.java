package io.jfaas.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves a process running, and kills what it left.
 *
 * <p>After each class (after its own {@code @AfterAll}), a process counts as left behind when it is still alive and
 * either descends from the test JVM, or started while the class ran, mentions this checkout or a JUnit temporary
 * folder on its command line, and descends from no other test JVM and not from Maven's own JVM (so that in a parallel
 * build, {@code -T}, other modules' tests and the programs their build runs, such as the images' Jib build, are not
 * counted).
 * The second rule finds orphans: a child whose parent the test killed is re-parented to init and no longer descends
 * from the test JVM. Processes that are on their way out get {@link #GRACE} to go before they count.
 *
 * <p>Registered for every test class by JUnit's extension autodetection ({@code META-INF/services}); the parent pom
 * switches autodetection on and passes the checkout's root as {@code jfaas.root}.
 */
public final class NoLeakedProcesses implements BeforeAllCallback, AfterAllCallback {

    /** How long a process that is exiting may take before it counts as left behind. */
    static final Duration GRACE = Duration.ofSeconds(20);

    /** How far a process's start time, as the JDK reads it, may be off. */
    static final Duration CLOCK_SLACK = Duration.ofSeconds(2);

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            NoLeakedProcesses.class);
    private static final String STARTED = "started";

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put(STARTED, Instant.now());
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        Instant started = context.getStore(NAMESPACE).get(STARTED, Instant.class);
        if (started == null) {
            return;
        }
        List<ProcessHandle> left = awaitGone(() -> leftBehind(started, markers()), GRACE);
        if (left.isEmpty()) {
            return;
        }
        String described = left.stream().map(NoLeakedProcesses::describe).collect(Collectors.joining("\n  "));
        left.forEach(process -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        });
        throw new AssertionError(context.getDisplayName() + " left " + left.size() + " process(es) running "
                + GRACE.toSeconds() + "s after its last test (now killed):\n  " + described);
    }

    /** Polls {@code finder} until it finds nothing or {@code grace} has passed; returns what it found last. */
    static List<ProcessHandle> awaitGone(Supplier<List<ProcessHandle>> finder, Duration grace)
            throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        List<ProcessHandle> found = finder.get();
        while (!found.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            found = finder.get();
        }
        return found;
    }

    /** What identifies this build's processes on a command line: the checkout, and JUnit's temporary folders. */
    static List<String> markers() {
        List<String> markers = new ArrayList<>();
        Optional.ofNullable(System.getProperty("jfaas.root"))
                .map(root -> Path.of(root).toAbsolutePath().normalize().toString())
                .ifPresent(markers::add);
        markers.add(Path.of(System.getProperty("java.io.tmpdir")).resolve("junit").toString());
        return markers;
    }

    /**
     * Alive processes this test JVM started, directly or not, and orphans of this build started since {@code since}
     * (give or take {@link #CLOCK_SLACK}: a process's start time is read against the boot time in whole seconds).
     */
    static List<ProcessHandle> leftBehind(Instant since, List<String> markers) {
        Instant after = since.minus(CLOCK_SLACK);
        ProcessHandle self = ProcessHandle.current();
        List<ProcessHandle> left = new ArrayList<>(self.descendants().filter(ProcessHandle::isAlive).toList());
        ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.pid() != self.pid() && !left.contains(p))
                .filter(p -> p.info().startInstant().map(start -> !start.isBefore(after)).orElse(false))
                .filter(p -> p.info().commandLine().map(line -> markers.stream().anyMatch(line::contains))
                        .orElse(false))
                .filter(p -> !underAnotherBuildJvm(p, self))
                .forEach(left::add);
        return left;
    }

    /**
     * Whether {@code process}, or one of its ancestors, is {@code self}, another test JVM or Maven's JVM: an orphan of
     * this test JVM has lost its ancestors (it is re-parented to init), while every process that Maven or another
     * module's tests still run keeps them.
     */
    private static boolean underAnotherBuildJvm(ProcessHandle process, ProcessHandle self) {
        Optional<ProcessHandle> current = Optional.of(process);
        while (current.isPresent()) {
            ProcessHandle p = current.get();
            if (p.pid() == self.pid() || p.info().commandLine().map(NoLeakedProcesses::isBuildJvm).orElse(false)) {
                return true;
            }
            current = p.parent();
        }
        return false;
    }

    /** A test JVM (surefire's or failsafe's booter) or Maven's own JVM, by its command line. */
    static boolean isBuildJvm(String commandLine) {
        return commandLine.contains("surefire") || commandLine.contains("org.codehaus.plexus.classworlds.launcher");
    }

    private static String describe(ProcessHandle process) {
        return process.pid() + " " + process.info().commandLine().or(() -> process.info().command()).orElse("?");
    }
}
