package io.jfaas.gateway.system;

import io.jfaas.gateway.metrics.GatewayMetrics;
import io.jfaas.model.AutoscalerStatus;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.FunctionStatus;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the gateway adds to a provider's function status, in one place for the list and the single function:
 * {@code invocationCount} from its meters and, in local mode, the autoscaler's last decision.
 */
public final class StatusDetails {

    private final GatewayMetrics metrics;
    private final Function<FunctionRef, Optional<AutoscalerStatus>> decisions;

    public StatusDetails(GatewayMetrics metrics, Function<FunctionRef, Optional<AutoscalerStatus>> decisions) {
        this.metrics = metrics;
        this.decisions = decisions;
    }

    /** The status with the gateway's details. */
    public FunctionStatus of(FunctionStatus status) {
        FunctionRef ref = new FunctionRef(status.name(), status.namespace());
        FunctionStatus counted = status.withInvocationCount(metrics.invocations(ref));
        return decisions.apply(ref).map(counted::withAutoscaler).orElse(counted);
    }
}
