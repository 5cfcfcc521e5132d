package io.jfaas.operator.reconcile;

import io.jfaas.model.SyncTransport;

/**
 * Operator-wide choices for every function's pod.
 *
 * @param imagePullPolicy {@code Always}, {@code IfNotPresent} or {@code Never}
 * @param setNonRootUser  run function containers as user and group {@value #NON_ROOT_USER} (OpenFaaS's
 *                        {@code set_nonroot_user}); off, the image's own (non-root) user runs them
 * @param transport       which functions also serve calls over NATS, and the NATS server's URL
 */
public record FunctionDefaults(String imagePullPolicy, boolean setNonRootUser, SyncTransport transport) {

    /** The user id OpenFaaS's {@code set_nonroot_user} forces. */
    public static final long NON_ROOT_USER = 12000;

    /** OpenFaaS's choices: pull always, the image's user, calls over HTTP. */
    public static final FunctionDefaults OPENFAAS = new FunctionDefaults("Always", false, SyncTransport.HTTP_ONLY);
}
