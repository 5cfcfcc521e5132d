/**
 * The contract between a function author and jfaas: implement {@link io.jfaas.function.FunctionHandler}, read a
 * {@link io.jfaas.function.Request}, return a {@link io.jfaas.function.Response}. Requests are served concurrently,
 * each on its own virtual thread; {@link io.jfaas.function.FunctionHandler#init} runs once before the first.
 */
package io.jfaas.function;
