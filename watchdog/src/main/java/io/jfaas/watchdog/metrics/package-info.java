/**
 * The watchdog's Prometheus metrics, with of-watchdog's names: {@code http_requests_total{code,method}},
 * {@code http_request_duration_seconds{code,method}} and {@code http_requests_in_flight}, served on their own port.
 * Hand-written exposition, so the watchdog stays free of dependencies.
 */
package io.jfaas.watchdog.metrics;
