package io.jfaas.scaling;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** What load a function is scaled on: the values of {@code com.openfaas.scale.type}. */
public enum ScaleType {
    /** Requests per second, all replicas together. */
    RPS("rps", "rps"),
    /** Requests in flight. */
    CAPACITY("capacity", "in flight"),
    /** CPU in millicores. */
    CPU("cpu", "mCPU"),
    /**
     * jfaas's own, the default when a function has neither {@code com.openfaas.scale.type} nor {@code .target}: how
     * busy the replicas are against what one replica can carry (its watchdog's {@code max_inflight}, its CPU limit),
     * in replicas' worth. A replica with neither limit is never the bottleneck another replica would relieve.
     */
    SATURATION("saturation", "replicas busy");

    private final String label;
    private final String unit;

    ScaleType(String label, String unit) {
        this.label = label;
        this.unit = unit;
    }

    /** The label value. */
    public String label() {
        return label;
    }

    /** How a load of this type is written in a decision's reason. */
    public String unit() {
        return unit;
    }

    /** The loads a decision of this type needs measured: itself, or for saturation calls in flight and CPU. */
    public Set<ScaleType> measures() {
        return this == SATURATION ? EnumSet.of(CAPACITY, CPU) : EnumSet.of(this);
    }

    /** The type a label value names, case-insensitively; the exception's message lists the accepted values. */
    public static ScaleType parse(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.label.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("must be one of "
                        + Arrays.stream(values()).map(ScaleType::label).collect(Collectors.joining(", "))));
    }
}
