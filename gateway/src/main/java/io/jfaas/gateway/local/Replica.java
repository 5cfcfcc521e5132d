package io.jfaas.gateway.local;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** One running copy of a function: a watchdog process on a loopback port. State changes under its function's lock. */
final class Replica {

    enum State {
        /** Started, not yet answering {@code /_/ready}. */
        STARTING,
        /** Serving. */
        READY,
        /** Was serving, now missing liveness probes: gets no new calls until it answers one again, or is replaced. */
        UNREADY,
        /** Asked to stop: drains, gets no new calls. */
        STOPPING,
        /** Gone. */
        EXITED
    }

    private final String instance;
    private final int port;
    private final java.util.Optional<String> natsSubject;
    private final int revision;
    private final Process process;
    private final boolean container;
    private final Instant started;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile State state = State.STARTING;
    private volatile long readyAt;
    private volatile ProcessHandle workload;

    Replica(String instance, int port, java.util.Optional<String> natsSubject, int revision, Process process) {
        this(instance, port, natsSubject, revision, process, false);
    }

    /** {@code container}: the process is a {@code podman run} of a container named {@code instance}. */
    Replica(String instance, int port, java.util.Optional<String> natsSubject, int revision, Process process,
            boolean container) {
        this.container = container;
        this.instance = instance;
        this.port = port;
        this.natsSubject = natsSubject;
        this.revision = revision;
        this.process = process;
        this.started = Instant.now();
    }

    String instance() {
        return instance;
    }

    int port() {
        return port;
    }

    /** The NATS subject it serves calls on too, if it was started with the NATS transport. */
    java.util.Optional<String> natsSubject() {
        return natsSubject;
    }

    int revision() {
        return revision;
    }

    Process process() {
        return process;
    }

    /** Whether it is a container (named as its instance), rather than a child JVM. */
    boolean isContainer() {
        return container;
    }

    /**
     * The process whose CPU time and memory are the replica's: the child JVM itself, or a container's main process
     * once it is known (not the {@code podman run} that waits for it).
     */
    ProcessHandle measured() {
        ProcessHandle known = workload;
        return known != null ? known : process.toHandle();
    }

    /** Sets the container's main process, as podman reports it. */
    void workload(ProcessHandle handle) {
        this.workload = handle;
    }

    Instant started() {
        return started;
    }

    State state() {
        return state;
    }

    void state(State newState) {
        this.state = newState;
    }

    /** Marks it ready, at this {@link System#nanoTime()}. */
    void ready(long nanoTime) {
        readyAt = nanoTime;
        state = State.READY;
    }

    /** When it became ready, as {@link System#nanoTime()}; meaningless before. */
    long readyAt() {
        return readyAt;
    }

    /** Ready now or was before it started missing probes: what the liveness check probes. */
    boolean isProbed() {
        return state == State.READY || state == State.UNREADY;
    }

    boolean isLive() {
        return state == State.STARTING || state == State.READY || state == State.UNREADY;
    }

    AtomicInteger inFlight() {
        return inFlight;
    }

    @Override
    public String toString() {
        return instance + " (port " + port + ", pid " + process.pid() + ", " + state + ")";
    }
}
