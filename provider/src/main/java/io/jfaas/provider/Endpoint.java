package io.jfaas.provider;

/**
 * One replica a call can be sent to: a ready pod's IP and the watchdog's port, from the function's EndpointSlices.
 *
 * @param ip the pod's IP address
 * @param port the port the replica serves calls on
 */
public record Endpoint(String ip, int port) {

    /** {@code ip:port}, with an IPv6 address in brackets. */
    @Override
    public String toString() {
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
    }
}
