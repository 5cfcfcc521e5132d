/**
 * The operator process: its settings ({@link io.jfaas.operator.OperatorConfig}) and its entry point, which starts the
 * reconciler and the provider API.
 */
package io.jfaas.operator;
