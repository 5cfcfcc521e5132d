package io.jfaas.gateway.local;

import io.jfaas.contracts.WatchdogEndpoints;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The liveness check of serving replicas (see {@link LocalProvider.Liveness}): a replica whose handler spins on every
 * core, wedges its watchdog, or is stuck in a call past its {@code exec_timeout} stops answering {@code /_/health} with
 * 200. At its first miss it is taken out of rotation (no new calls; back in when it answers again, as a Kubernetes
 * readiness probe does); after the configured misses in a row it is killed and replaced (as a liveness probe does).
 * Each probe runs on a virtual thread of its own, so one hung replica delays no other's check.
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
        misses.keySet().removeIf(replica -> !replica.isProbed());
        for (LocalFunction function : functions.get()) {
            for (Replica replica : function.probedReplicas()) {
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
            function.readmit(replica);
            return;
        }
        int missed = misses.merge(replica, 1, Integer::sum);
        String why = WatchdogEndpoints.HEALTH + " did not answer 200 within " + settings.timeout().toMillis() + " ms, " + missed
                + " time(s) in a row";
        if (missed < settings.failures()) {
            function.suspend(replica, why);
        } else if (replica.isProbed()) {
            misses.remove(replica);
            LOG.warning("replica " + replica + " of " + function.ref() + " failed its liveness check (" + why
                    + "): replacing it");
            function.replaceUnresponsive(replica, why);
        }
    }
}
