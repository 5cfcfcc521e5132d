/**
 * The OpenFaaS provider API the gateway calls in a cluster ({@code /system/*}, the contract of OpenFaaS's providers),
 * served by the operator on the JDK's HTTP server: functions as Function resources, status from their Deployments,
 * scaling through the Deployment scale subresource, secrets as labelled Kubernetes Secrets, logs from pods as NDJSON.
 * All routes are mounted in {@link io.jfaas.operator.provider.ProviderApi#routes}.
 */
package io.jfaas.operator.provider;
