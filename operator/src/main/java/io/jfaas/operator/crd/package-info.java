/**
 * The {@code openfaas.com/v1} Function custom resource: spec and status as OpenFaaS defines them. The build generates
 * the CRD YAML from these classes.
 */
package io.jfaas.operator.crd;
