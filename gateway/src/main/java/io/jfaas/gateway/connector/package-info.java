/**
 * The connector: runs functions on their schedule and on NATS messages, with OpenFaaS's connector conventions
 * ({@code topic}, {@code schedule}). It is a client of the gateway's API like any other (it lists the functions and
 * invokes {@code /function/NAME.NAMESPACE} or {@code /async-function/...} with basic auth) and holds no platform state:
 * inside a local gateway ({@link io.jfaas.gateway.connector.Connector}) or as a process of its own
 * ({@link io.jfaas.gateway.connector.ConnectorMain}).
 */
package io.jfaas.gateway.connector;
