/**
 * The watchdog: the process in every function replica. {@link io.jfaas.watchdog.Watchdog} serves HTTP on
 * {@code port}, answers health and readiness, limits concurrency, keeps the lock file, drains on SIGTERM, and hands
 * each request to the mode's runner. It depends on the JDK and function-api only: it starts on every cold start.
 */
package io.jfaas.watchdog;
