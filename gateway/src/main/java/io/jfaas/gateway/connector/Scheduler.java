package io.jfaas.gateway.connector;

import io.jfaas.model.FunctionRef;
import io.jfaas.triggers.Schedule;
import io.jfaas.triggers.Triggers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs scheduled functions: for each, the next tick of its schedule; when it is due, the first connector to claim it
 * ({@link TickClaims}) invokes the function and logs the outcome. A function first seen (or a connector started)
 * starts at the next tick: ticks missed while no connector ran are not replayed, unless the function asks with
 * {@value Triggers#CATCH_UP}, which runs it once for the latest missed tick. A connector that falls behind (a long
 * pause) runs only the latest due tick. Runs of one function may overlap (a slow run does not hold up the next
 * tick), but at most {@code maxInflight} runs are in flight per connector: a tick that finds none free is left to
 * another replica, or skipped, and says so.
 */
final class Scheduler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());

    /** The headers a tick's invocation carries (X-Topic as OpenFaaS's connectors set it). */
    static final String TOPIC_HEADER = "X-Topic";
    static final String TICK_HEADER = "X-Scheduled-Time";

    /** Bounds the walk over ticks a long pause skipped. */
    private static final int MAX_SKIPPED_WALK = 100_000;

    /** What invokes a function for a tick; returns the status, or throws. */
    interface Invoker {
        int invoke(FunctionRef ref, Triggers.Invocation mode, Map<String, String> headers) throws Exception;
    }

    private record Entry(Schedule schedule, Triggers.Invocation mode, Instant due) {
    }

    private final TickClaims claims;
    private final Invoker invoker;
    private final Clock clock;
    private final Triggers.Invocation fallback;
    private final Map<FunctionRef, Entry> entries = new HashMap<>();
    private final java.util.concurrent.Semaphore inflight;
    private final Thread thread;
    private volatile boolean stopped;

    Scheduler(TickClaims claims, Invoker invoker, Clock clock, Triggers.Invocation fallback, int maxInflight) {
        this.inflight = new java.util.concurrent.Semaphore(maxInflight);
        this.claims = claims;
        this.invoker = invoker;
        this.clock = clock;
        this.fallback = fallback;
        // virtual: it waits for the next tick most of the time, and a platform thread would hold its stack all the
        // while
        this.thread = Thread.ofVirtual().name("connector-schedule").unstarted(this::loop);
    }

    void start() {
        thread.start();
    }

    /** The scheduled functions now; a new one starts at its next tick (or catches up), a removed one stops. */
    void update(Map<FunctionRef, Triggers> functions) {
        Instant now = clock.instant();
        synchronized (entries) {
            entries.keySet().removeIf(ref -> functions.get(ref) == null || functions.get(ref).schedule().isEmpty());
            functions.forEach((ref, triggers) -> {
                if (triggers.schedule().isEmpty()) {
                    return;
                }
                Schedule schedule = triggers.schedule().get();
                Triggers.Invocation mode = triggers.invocation(fallback);
                Entry known = entries.get(ref);
                if (known != null && known.schedule().text().equals(schedule.text()) && known.mode() == mode) {
                    return;
                }
                Optional<Instant> due = known == null && triggers.catchUp() ? missed(ref, schedule, now)
                        : Optional.empty();
                due = due.or(() -> schedule.next(now));
                due.ifPresentOrElse(first -> entries.put(ref, new Entry(schedule, mode, first)),
                        () -> entries.remove(ref));
                if (due.isPresent() && known == null) {
                    LOG.info("schedule: " + ref + " \"" + schedule.text() + "\", next run " + due.get());
                }
            });
            entries.notifyAll();
        }
    }

    /** The latest tick before now after the function's last run, when one was missed (catch-up). */
    private Optional<Instant> missed(FunctionRef ref, Schedule schedule, Instant now) {
        Optional<Instant> last;
        try {
            last = claims.lastRun(ref);
        } catch (Exception e) {
            LOG.warning("schedule: cannot read the last run of " + ref + " to catch up: " + e.getMessage());
            return Optional.empty();
        }
        if (last.isEmpty()) {
            return Optional.empty();
        }
        Optional<Instant> latest = latestDue(schedule, last.get(), now);
        latest.ifPresent(tick -> LOG.info("schedule: " + ref + " missed its run at " + tick + " (last run "
                + last.get() + "); catching up once (" + Triggers.CATCH_UP + ")"));
        return latest;
    }

    /** The latest tick after {@code after} that is not after {@code now}. */
    private static Optional<Instant> latestDue(Schedule schedule, Instant after, Instant now) {
        Optional<Instant> tick = schedule.next(after);
        if (tick.isEmpty() || tick.get().isAfter(now)) {
            return Optional.empty();
        }
        Instant latest = tick.get();
        for (int i = 0; i < MAX_SKIPPED_WALK; i++) {
            Optional<Instant> next = schedule.next(latest);
            if (next.isEmpty() || next.get().isAfter(now)) {
                break;
            }
            latest = next.get();
        }
        return Optional.of(latest);
    }

    private void loop() {
        while (!stopped) {
            Map<FunctionRef, Entry> due = new HashMap<>();
            synchronized (entries) {
                Instant now = clock.instant();
                Instant earliest = null;
                for (var it = entries.entrySet().iterator(); it.hasNext(); ) {
                    var e = it.next();
                    Entry entry = e.getValue();
                    if (!entry.due().isAfter(now)) {
                        Instant tick = latestDue(entry.schedule(), entry.due().minusNanos(1), now).orElse(entry.due());
                        if (!tick.equals(entry.due())) {
                            LOG.warning("schedule: " + e.getKey() + " fell behind: ran the tick of " + tick
                                    + ", skipped the earlier ones from " + entry.due());
                        }
                        due.put(e.getKey(), new Entry(entry.schedule(), entry.mode(), tick));
                        Optional<Instant> next = entry.schedule().next(tick);
                        if (next.isPresent()) {
                            e.setValue(new Entry(entry.schedule(), entry.mode(), next.get()));
                        } else {
                            it.remove();
                        }
                    }
                    Instant at = entries.containsKey(e.getKey()) ? entries.get(e.getKey()).due() : null;
                    if (at != null && (earliest == null || at.isBefore(earliest))) {
                        earliest = at;
                    }
                }
                if (!due.isEmpty()) {
                    // under the lock (fire only starts a thread): once a tick's next one shows, the tick was decided
                    due.forEach((ref, entry) -> fire(ref, entry.mode(), entry.due()));
                    continue;
                }
                long waitMs = earliest == null ? 1000
                        : Math.max(1, Math.min(1000, Duration.between(now, earliest).toMillis() + 1));
                try {
                    entries.wait(waitMs);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void fire(FunctionRef ref, Triggers.Invocation mode, Instant tick) {
        if (!inflight.tryAcquire()) {
            LOG.warning("schedule: " + ref + " tick " + tick + ": this connector has " + ConnectorConfig.MAX_INFLIGHT
                    + " runs in flight already; left to another connector, or skipped");
            return;
        }
        Thread.ofVirtual().name("schedule-" + ref.qualified()).start(() -> {
            try {
                if (!claims.claim(ref, tick)) {
                    LOG.fine(() -> "schedule: " + ref + " tick " + tick + ": run by another connector");
                    return;
                }
                long started = System.nanoTime();
                try {
                    int status = invoker.invoke(ref, mode, Map.of(TOPIC_HEADER, Triggers.CRON_TOPIC,
                            TICK_HEADER, tick.toString()));
                    long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();
                    Level level = status >= 200 && status < 300 ? Level.INFO : Level.WARNING;
                    LOG.log(level, "schedule: " + ref + " tick " + tick + " (" + mode.name().toLowerCase(java.util.Locale.ROOT)
                            + "): " + status + " in " + ms + " ms");
                } catch (Exception e) {
                    LOG.warning("schedule: " + ref + " tick " + tick + ": not invoked: " + e.getMessage());
                }
            } catch (Exception e) {
                LOG.warning("schedule: " + ref + " tick " + tick + ": cannot claim it (" + claims.description()
                        + "): " + e.getMessage() + "; not run by this connector");
            } finally {
                inflight.release();
            }
        });
    }

    /** Whether a run slot is free (for tests). */
    boolean slotFree() {
        return inflight.availablePermits() > 0;
    }

    /** The next run of each scheduled function (for the log and tests). */
    Map<FunctionRef, Instant> nextRuns() {
        synchronized (entries) {
            Map<FunctionRef, Instant> next = new HashMap<>();
            entries.forEach((ref, entry) -> next.put(ref, entry.due()));
            return next;
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
