/**
 * Asynchronous invocations: {@code /async-function/NAME} stores a call in a durable queue (NATS JetStream, or memory
 * when no NATS is at hand), and the queue worker runs it through the gateway's {@code /function} route with retries,
 * a dead-letter stream and a callback.
 */
package io.jfaas.gateway.async;
