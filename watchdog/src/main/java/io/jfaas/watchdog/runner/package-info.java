/**
 * How the watchdog runs a function: one {@link io.jfaas.watchdog.runner.FunctionRunner} per mode (the Java handler
 * in-process, an HTTP process proxied to, a process per request), picked in one place
 * ({@link io.jfaas.watchdog.runner.Runners}), all answering through one {@link io.jfaas.watchdog.runner.Exchange}.
 */
package io.jfaas.watchdog.runner;
