package io.jfaas.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows password guessing through the UI's login: after {@link #MAX_FAILURES} failed logins from one client address
 * within {@link #WINDOW}, that address gets 429 until the oldest failure leaves the window. At most
 * {@link #MAX_ADDRESSES} addresses are tracked (the least recently failed is forgotten first).
 */
public final class LoginThrottle {

    public static final int MAX_FAILURES = 10;
    public static final Duration WINDOW = Duration.ofMinutes(5);
    public static final int MAX_ADDRESSES = 10_000;

    private final Clock clock;
    private final LinkedHashMap<String, Deque<Instant>> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long the address must wait before trying again, or empty when it may try now. */
    public synchronized Optional<Duration> wait(String address) {
        Deque<Instant> recent = recent(address);
        if (recent == null || recent.size() < MAX_FAILURES) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), recent.peekFirst().plus(WINDOW));
        return Optional.of(left.isNegative() ? Duration.ZERO : left);
    }

    public synchronized void failed(String address) {
        Deque<Instant> recent = recent(address);
        if (recent == null) {
            recent = new ArrayDeque<>();
            failures.put(address, recent);
        }
        recent.addLast(clock.instant());
        while (recent.size() > MAX_FAILURES) {
            recent.removeFirst();
        }
    }

    public synchronized void succeeded(String address) {
        failures.remove(address);
    }

    synchronized int addresses() {
        return failures.size();
    }

    private Deque<Instant> recent(String address) {
        Deque<Instant> recent = failures.get(address);
        if (recent != null) {
            Instant cutoff = clock.instant().minus(WINDOW);
            while (!recent.isEmpty() && !recent.peekFirst().isAfter(cutoff)) {
                recent.removeFirst();
            }
        }
        return recent;
    }
}
