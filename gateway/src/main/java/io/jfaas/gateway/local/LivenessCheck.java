package io.jfaas.gateway.local;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The liveness check of serving replicas (see {@link LocalProvider.Liveness}): a replica whose handler spins on every
 * core or wedges its watchdog stops answering {@code /_/health}; after the configured misses in a row it is killed
 * and replaced. Each probe runs on a virtual thread of its own, so one hung replica delays no other's check.
 */
final class LivenessCheck {

    private static final Logger LOG = Logger.getLogger(LivenessCheck.class.getName());

    private final LocalProvider.Liveness settings;
    private final Supplier<List<LocalFunction>> functions;
    private final Map<Replica, Integer> misses = new ConcurrentHashMap<>();
    private final Map<Replica, Boolean> probing = new ConcurrentHashMap<>();

    LivenessCheck(LocalProvider.Liveness settings, Supplier<List<LocalFunction>> functions) {
        this.settings = settings;
        this.functions = functions;
    }

    void start(ScheduledExecutorService scheduler) {
        long period = settings.interval().toMillis();
        scheduler.scheduleWithFixedDelay(this::round, period, period, TimeUnit.MILLISECONDS);
    }

    /** One round: every serving replica is probed once (a replica whose last probe still runs is skipped). */
    void round() {
        misses.keySet().removeIf(replica -> replica.state() != Replica.State.READY);
        for (LocalFunction function : functions.get()) {
            for (Replica replica : function.readyReplicas()) {
                if (probing.putIfAbsent(replica, Boolean.TRUE) == null) {
                    Thread.ofVirtual().name("liveness-" + replica.instance()).start(() -> {
                        try {
                            probe(function, replica);
                        } finally {
                            probing.remove(replica);
                        }
                    });
                }
            }
        }
    }

    private void probe(LocalFunction function, Replica replica) {
        if (ReadinessProbe.isHealthy(replica.port(), (int) settings.timeout().toMillis())) {
            misses.remove(replica);
            return;
        }
        int missed = misses.merge(replica, 1, Integer::sum);
        if (missed >= settings.failures() && replica.state() == Replica.State.READY) {
            misses.remove(replica);
            String why = "/_/health did not answer 200 within " + settings.timeout().toMillis() + " ms, " + missed
                    + " times in a row";
            LOG.warning("replica " + replica + " of " + function.ref() + " failed its liveness check (" + why
                    + "): replacing it");
            function.replaceUnresponsive(replica, why);
        }
    }
}
