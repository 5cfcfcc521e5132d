/**
 * What two processes must agree on, written once: the watchdog's setting names ({@link
 * io.jfaas.contracts.WatchdogSettings}) that the gateway and the operator set for each replica, and the paths it
 * answers ({@link io.jfaas.contracts.WatchdogEndpoints}); the headers of a call ({@link
 * io.jfaas.contracts.CallHeaders}); the NATS envelope ({@link io.jfaas.contracts.NatsEnvelope}) the gateway sends and
 * the watchdog answers; and how every service reads its settings ({@link io.jfaas.contracts.EnvSettings}, {@link
 * io.jfaas.contracts.Durations}, {@link io.jfaas.contracts.Quantities}). The JDK only, so the watchdog stays light.
 */
package io.jfaas.contracts;
