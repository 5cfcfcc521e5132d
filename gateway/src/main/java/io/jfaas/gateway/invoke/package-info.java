/**
 * The invocation path, {@code /function/NAME[.NAMESPACE][/path]}: call ids and start times, then a streaming proxy
 * to a replica the provider picks. Redirects pass through; bodies are never buffered whole.
 */
package io.jfaas.gateway.invoke;
