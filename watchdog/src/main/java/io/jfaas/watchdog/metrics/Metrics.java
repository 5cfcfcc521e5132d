package io.jfaas.watchdog.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** Counts requests as of-watchdog does, and writes them in the Prometheus text format. */
public final class Metrics {

    /** Prometheus's default histogram buckets, in seconds. */
    static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final Map<Series, Histogram> series = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    /** A request started. */
    public void started() {
        inFlight.incrementAndGet();
    }

    /** A request ended; {@code nanos} is how long it took. */
    public void completed(String method, int code, long nanos) {
        inFlight.decrementAndGet();
        series.computeIfAbsent(new Series(Integer.toString(code), method), s -> new Histogram()).observe(nanos / 1e9);
    }

    /** Requests being served now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** The exposition text. */
    public String render() {
        Map<Series, Histogram> sorted = new TreeMap<>(series);
        StringBuilder text = new StringBuilder();
        text.append("# HELP http_requests_total total HTTP requests processed\n");
        text.append("# TYPE http_requests_total counter\n");
        sorted.forEach((s, h) -> text.append("http_requests_total").append(s.labels()).append(' ')
                .append(h.count.sum()).append('\n'));
        text.append("# HELP http_request_duration_seconds Seconds spent serving HTTP requests.\n");
        text.append("# TYPE http_request_duration_seconds histogram\n");
        sorted.forEach((s, h) -> h.render(text, s));
        text.append("# HELP http_requests_in_flight total HTTP requests in-flight\n");
        text.append("# TYPE http_requests_in_flight gauge\n");
        text.append("http_requests_in_flight ").append(inFlight.get()).append('\n');
        return text.toString();
    }

    private record Series(String code, String method) implements Comparable<Series> {
        String labels() {
            return "{code=\"" + code + "\",method=\"" + method + "\"}";
        }

        String labels(String le) {
            return "{code=\"" + code + "\",method=\"" + method + "\",le=\"" + le + "\"}";
        }

        @Override
        public int compareTo(Series other) {
            int byCode = code.compareTo(other.code);
            return byCode != 0 ? byCode : method.compareTo(other.method);
        }
    }

    private static final class Histogram {
        final LongAdder[] buckets = new LongAdder[BUCKETS.length];
        final LongAdder count = new LongAdder();
        final DoubleAdder sum = new DoubleAdder();

        Histogram() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        void observe(double seconds) {
            for (int i = 0; i < BUCKETS.length; i++) {
                if (seconds <= BUCKETS[i]) {
                    buckets[i].increment();
                }
            }
            count.increment();
            sum.add(seconds);
        }

        void render(StringBuilder text, Series series) {
            for (int i = 0; i < BUCKETS.length; i++) {
                text.append("http_request_duration_seconds_bucket").append(series.labels(format(BUCKETS[i])))
                        .append(' ').append(buckets[i].sum()).append('\n');
            }
            text.append("http_request_duration_seconds_bucket").append(series.labels("+Inf")).append(' ')
                    .append(count.sum()).append('\n');
            text.append("http_request_duration_seconds_sum").append(series.labels()).append(' ')
                    .append(String.format(Locale.ROOT, "%.9f", sum.sum())).append('\n');
            text.append("http_request_duration_seconds_count").append(series.labels()).append(' ')
                    .append(count.sum()).append('\n');
        }

        private static String format(double bound) {
            return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
        }
    }
}
