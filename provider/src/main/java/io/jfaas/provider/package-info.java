/**
 * The OpenFaaS provider contract in one place, used by the gateway (its local provider and its client of a remote one)
 * and by the operator's provider API: the {@link io.jfaas.provider.FunctionProvider} operations, the
 * {@link io.jfaas.provider.ProviderException} kinds and their status codes, what a deployment must be
 * ({@link io.jfaas.provider.DeploymentRules}), and the endpoints feed a remote provider streams to the gateway
 * ({@link io.jfaas.provider.EndpointsUpdate}).
 */
package io.jfaas.provider;
