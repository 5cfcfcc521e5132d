package io.jfaas.model;

/** Label and annotation keys with a meaning to the platform, under OpenFaaS's names. */
public final class Labels {

    /** Every function's Deployment, Service and pods carry this label with the function's name. */
    public static final String FAAS_FUNCTION = "faas_function";

    /** Initial and minimum replicas. */
    public static final String SCALE_MIN = "com.openfaas.scale.min";

    /** Maximum replicas. */
    public static final String SCALE_MAX = "com.openfaas.scale.max";

    private Labels() {
    }
}
