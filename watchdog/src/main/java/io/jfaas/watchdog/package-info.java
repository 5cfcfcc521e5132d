/**
 * The watchdog: the process in every function replica. It serves HTTP on {@code port}, answers health and
 * readiness, and runs the user's {@link io.jfaas.function.FunctionHandler} in-process, one virtual thread a request.
 * It depends on the JDK and function-api only, because it starts on every cold start.
 */
package io.jfaas.watchdog;
