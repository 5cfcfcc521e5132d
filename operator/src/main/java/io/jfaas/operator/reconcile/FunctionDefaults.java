package io.jfaas.operator.reconcile;

/**
 * Operator-wide choices for every function's pod.
 *
 * @param imagePullPolicy {@code Always}, {@code IfNotPresent} or {@code Never}
 * @param runAsUser       the non-root user id function containers run as
 */
public record FunctionDefaults(String imagePullPolicy, long runAsUser) {

    /** OpenFaaS's choices: pull always, user 12000. */
    public static final FunctionDefaults OPENFAAS = new FunctionDefaults("Always", 12000);
}
