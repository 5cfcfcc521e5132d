package io.jfaas.gateway.connector;

import io.jfaas.model.FunctionRef;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who runs a tick: the first connector to claim it. With NATS, a claim is a key created in a JetStream key-value
 * bucket, which only one of any number of connector replicas can create; the bucket also keeps each function's last
 * run, for {@code com.jfaas.schedule.catch-up}. Without NATS (a local gateway with the memory queue) one process
 * runs the connector, and claims are kept in memory.
 */
interface TickClaims extends AutoCloseable {

    /** Whether this connector won the tick (exactly one caller does, per function and tick). */
    boolean claim(FunctionRef ref, Instant tick) throws IOException;

    /** The last tick of the function some connector claimed, if known. */
    Optional<Instant> lastRun(FunctionRef ref) throws IOException;

    /** Where claims are kept, for the log. */
    String description();

    @Override
    default void close() {
    }

    /** One process's claims. */
    final class InMemory implements TickClaims {
        private final Map<String, Instant> last = new ConcurrentHashMap<>();

        @Override
        public boolean claim(FunctionRef ref, Instant tick) {
            boolean[] won = {false};
            last.compute(ref.qualified(), (key, before) -> {
                if (before == null || before.isBefore(tick)) {
                    won[0] = true;
                    return tick;
                }
                return before;
            });
            return won[0];
        }

        @Override
        public Optional<Instant> lastRun(FunctionRef ref) {
            return Optional.ofNullable(last.get(ref.qualified()));
        }

        @Override
        public String description() {
            return "in this process (no NATS: one connector)";
        }
    }

    /** Claims shared by every connector of one NATS server, in JetStream key-value buckets. */
    final class JetStreamKv implements TickClaims {

        /**
         * The claims, one key per function and tick, kept ten minutes: a tick is claimed when due (a connector that
         * falls behind runs only the latest due tick), so a claim is never looked for later; the bucket holds about
         * 600 keys per function running every second.
         */
        static final String TICKS_BUCKET = "jfaas_schedule_ticks";
        /** Each function's last claimed tick, kept until the function's next run replaces it. */
        static final String LAST_BUCKET = "jfaas_schedule_last";

        static final Duration CLAIM_TTL = Duration.ofMinutes(10);

        /** JetStream's answer to a create of a key that exists: "wrong last sequence". */
        private static final int KEY_EXISTS = 10071;

        private final KeyValue ticks;
        private final KeyValue last;

        JetStreamKv(Connection nats) throws IOException {
            try {
                KeyValueManagement management = nats.keyValueManagement();
                ticks = bucket(nats, management, KeyValueConfiguration.builder().name(TICKS_BUCKET)
                        .maxHistoryPerKey(1).ttl(CLAIM_TTL).maxBucketSize(64L * 1024 * 1024)
                        .storageType(StorageType.File).build());
                last = bucket(nats, management, KeyValueConfiguration.builder().name(LAST_BUCKET)
                        .maxHistoryPerKey(1).maxBucketSize(64L * 1024 * 1024).storageType(StorageType.File).build());
            } catch (JetStreamApiException e) {
                throw new IOException("cannot set up the schedule's key-value buckets on NATS (is JetStream on?): "
                        + e.getMessage(), e);
            }
        }

        private static KeyValue bucket(Connection nats, KeyValueManagement management, KeyValueConfiguration config)
                throws IOException, JetStreamApiException {
            if (!management.getBucketNames().contains(config.getBucketName())) {
                try {
                    management.create(config);
                } catch (JetStreamApiException raced) {
                    // another replica made it first: use it, unless it is still missing
                    if (!management.getBucketNames().contains(config.getBucketName())) {
                        throw raced;
                    }
                }
            }
            return nats.keyValue(config.getBucketName());
        }

        private static String key(FunctionRef ref) {
            return ref.namespace() + "." + ref.name();
        }

        @Override
        public boolean claim(FunctionRef ref, Instant tick) throws IOException {
            byte[] value = tick.toString().getBytes(StandardCharsets.UTF_8);
            try {
                ticks.create(key(ref) + "." + tick.getEpochSecond(), value);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() == KEY_EXISTS) {
                    return false; // another connector claimed this tick
                }
                throw new IOException("cannot claim the tick " + tick + " of " + ref + ": " + e.getMessage(), e);
            }
            try {
                last.put(key(ref), value);
            } catch (JetStreamApiException e) {
                throw new IOException("cannot record the last run of " + ref + ": " + e.getMessage(), e);
            }
            return true;
        }

        @Override
        public Optional<Instant> lastRun(FunctionRef ref) throws IOException {
            try {
                KeyValueEntry entry = last.get(key(ref));
                return entry == null || entry.getValue() == null ? Optional.empty()
                        : Optional.of(Instant.parse(entry.getValueAsString()));
            } catch (JetStreamApiException e) {
                throw new IOException("cannot read the last run of " + ref + ": " + e.getMessage(), e);
            } catch (java.time.format.DateTimeParseException e) {
                return Optional.empty();
            }
        }

        @Override
        public String description() {
            return "NATS JetStream key-value buckets " + TICKS_BUCKET + ", " + LAST_BUCKET;
        }
    }
}
