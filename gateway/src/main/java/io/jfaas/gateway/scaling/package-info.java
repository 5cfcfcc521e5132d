/**
 * Scaling in the gateway: {@link io.jfaas.gateway.scaling.ScaleFromZero} wakes a function at zero replicas for the
 * call that needs it; {@link io.jfaas.gateway.scaling.MeteredAutoscaler} runs the shared algorithm
 * ({@code io.jfaas.scaling}) on the gateway's own meters in local mode.
 */
package io.jfaas.gateway.scaling;
