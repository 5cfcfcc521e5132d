/**
 * {@code faas-cli generate}: a stack's functions as {@code openfaas.com/v1} Function resources, for
 * {@code kubectl apply}, Argo CD or Flux and the jfaas operator.
 */
package io.jfaas.cli.generate;
