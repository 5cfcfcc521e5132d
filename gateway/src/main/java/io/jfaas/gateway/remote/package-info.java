/**
 * The gateway in a cluster: {@link io.jfaas.gateway.remote.RemoteProvider} speaks the OpenFaaS provider contract over
 * HTTP to the provider at {@code functions_provider_url} (the jfaas operator), and sends each invocation to a ready
 * endpoint of the function that the provider's endpoints feed announced (no request to the provider per call).
 */
package io.jfaas.gateway.remote;
