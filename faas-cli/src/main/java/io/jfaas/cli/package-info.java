/**
 * The faas-cli: the entry point ({@link io.jfaas.cli.FaasCli}), what a command may touch of its surroundings
 * ({@link io.jfaas.cli.CliContext}), and the one place that turns failures into messages and exit codes
 * ({@link io.jfaas.cli.FailureHandler}). Commands live in {@code command}, the gateway's API in {@code api}.
 */
package io.jfaas.cli;
