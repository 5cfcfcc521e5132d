/**
 * Clients of the gateway's API, one class per area (functions, info, invocations, secrets, logs, namespaces), over
 * one transport ({@link io.jfaas.cli.api.GatewayHttp}) that adds the saved credentials. Failures become faas-cli's
 * messages here.
 */
package io.jfaas.cli.api;
