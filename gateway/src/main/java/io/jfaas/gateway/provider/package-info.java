/**
 * What the gateway needs from a back end ("provider"), as one interface: the OpenFaaS provider contract for
 * functions, plus where to send an invocation. The local provider implements it today; a remote one talks to the
 * Kubernetes operator's provider API.
 */
package io.jfaas.gateway.provider;
