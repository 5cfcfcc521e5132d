package io.jfaas.model;

/** Label and annotation keys with a meaning to the platform, under OpenFaaS's names. */
public final class Labels {

    /** Every function's Deployment, Service and pods carry this label with the function's name. */
    public static final String FAAS_FUNCTION = "faas_function";

    /** Initial and minimum replicas. */
    public static final String SCALE_MIN = "com.openfaas.scale.min";

    /** Maximum replicas. */
    public static final String SCALE_MAX = "com.openfaas.scale.max";

    /** Percent of the maximum added per firing alert ({@code /system/alert}); 0 turns alert scaling off. */
    public static final String SCALE_FACTOR = "com.openfaas.scale.factor";

    /** What load is measured: {@code rps}, {@code capacity} (calls in flight) or {@code cpu} (millicores). */
    public static final String SCALE_TYPE = "com.openfaas.scale.type";

    /** The load one replica should carry. */
    public static final String SCALE_TARGET = "com.openfaas.scale.target";

    /** The share of the target aimed at, leaving head room (0.90 aims at 90% of it). */
    public static final String SCALE_TARGET_PROPORTION = "com.openfaas.scale.target-proportion";

    /** {@code true} lets an idle function go to 0 replicas. */
    public static final String SCALE_ZERO = "com.openfaas.scale.zero";

    /** How long a function must be idle before it goes to 0 (a Go duration). */
    public static final String SCALE_ZERO_DURATION = "com.openfaas.scale.zero-duration";

    /** Scale-down stabilisation: replicas never drop below the highest decision of this last period. */
    public static final String SCALE_DOWN_WINDOW = "com.openfaas.scale.down.window";

    private Labels() {
    }
}
