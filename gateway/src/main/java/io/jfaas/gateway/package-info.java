/**
 * The gateway: the entry point ({@link io.jfaas.gateway.Gateway}), its configuration, and the wiring of its parts.
 * Routes are mounted in one place, {@link io.jfaas.gateway.GatewayRoutes#router}.
 */
package io.jfaas.gateway;
