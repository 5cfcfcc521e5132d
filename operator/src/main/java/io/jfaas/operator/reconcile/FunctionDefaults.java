package io.jfaas.operator.reconcile;

import io.jfaas.model.SyncTransport;

/**
 * Operator-wide choices for every function's pod.
 *
 * @param imagePullPolicy {@code Always}, {@code IfNotPresent} or {@code Never}
 * @param runAsUser       the non-root user id function containers run as
 * @param transport       which functions also serve calls over NATS, and the NATS server's URL
 */
public record FunctionDefaults(String imagePullPolicy, long runAsUser, SyncTransport transport) {

    /** OpenFaaS's choices: pull always, user 12000, calls over HTTP. */
    public static final FunctionDefaults OPENFAAS = new FunctionDefaults("Always", 12000, SyncTransport.HTTP_ONLY);
}
