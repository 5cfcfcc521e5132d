/**
 * The autoscaling algorithm, in one place for both back ends: the local gateway feeds it its own live meters, the
 * operator feeds it Prometheus queries. Nothing here reads a clock, a metric or the network; callers pass the time
 * and what they observed, so the same inputs always give the same decision.
 *
 * <ul>
 *   <li>{@link io.jfaas.scaling.ScalingPolicy}: a function's {@code com.openfaas.scale.*} labels, read and checked;</li>
 *   <li>{@link io.jfaas.scaling.ScalingWindows}: how the algorithm is tuned (the stable and panic windows);</li>
 *   <li>{@link io.jfaas.scaling.ReplicaLimits} and {@link io.jfaas.scaling.Bound}: what one replica can carry, and
 *       how many replicas the machine or cluster can run to advantage;</li>
 *   <li>{@link io.jfaas.scaling.FunctionAutoscaler}: one function's memory of recent load, and its decisions;</li>
 *   <li>{@link io.jfaas.scaling.ScalingLoop}: the pass over every function that both back ends run, from their
 *       {@link io.jfaas.scaling.FunctionSample}s to a {@link io.jfaas.scaling.ScalingOutcome} each: policies read
 *       (labels it cannot read turn scaling off), functions tracked and forgotten, totals turned into rates, the
 *       status and the log line.</li>
 * </ul>
 */
package io.jfaas.scaling;
