/**
 * Kubernetes mode's autoscaling: {@link io.jfaas.operator.scaling.PrometheusClient} reads each function's load from
 * Prometheus's query API, {@link io.jfaas.operator.scaling.PrometheusAutoscaler} feeds it to the shared algorithm
 * ({@code io.jfaas.scaling}) and sets the replicas through the Deployment's scale subresource.
 */
package io.jfaas.operator.scaling;
