/**
 * The gateway in a cluster: {@link io.jfaas.gateway.remote.RemoteProvider} speaks the OpenFaaS provider contract over
 * HTTP to the provider at {@code functions_provider_url} (the jfaas operator), and sends invocations to each function's
 * Service ({@link io.jfaas.gateway.remote.ServiceAddress}).
 */
package io.jfaas.gateway.remote;
