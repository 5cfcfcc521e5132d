package io.jfaas.gateway.remote;

import io.jfaas.model.FunctionRef;
import java.net.InetSocketAddress;

/** Where a function of a remote provider is invoked. */
@FunctionalInterface
public interface ServiceAddress {

    /** The port of a function's Service: the watchdog's. */
    int SERVICE_PORT = 8080;

    /** The host and port that serve {@code ref}, unresolved. */
    InetSocketAddress of(FunctionRef ref);

    /** The function's Kubernetes Service: {@code NAME.NAMESPACE.svc.DOMAIN:8080}. */
    static ServiceAddress cluster(String domain) {
        return ref -> InetSocketAddress.createUnresolved(ref.name() + "." + ref.namespace() + ".svc." + domain,
                SERVICE_PORT);
    }
}
