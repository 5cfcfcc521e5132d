/**
 * The invocation path, {@code /function/NAME[.NAMESPACE][/path]}: call ids and start times, then a streaming proxy
 * to a replica the provider picks. Redirects pass through; bodies are never buffered whole. Plain calls to a ready
 * replica are relayed as bytes ahead of the HTTP server ({@link io.jfaas.gateway.invoke.FunctionRelay}); every other
 * call is served by the server's handler ({@link io.jfaas.gateway.invoke.FunctionRequests}, then
 * {@link io.jfaas.gateway.invoke.InvokeHandler}).
 */
package io.jfaas.gateway.invoke;
