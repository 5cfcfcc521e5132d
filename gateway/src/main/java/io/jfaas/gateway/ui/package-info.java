/**
 * The web UI at {@code /ui/}: its static files (HTML, CSS and JavaScript modules kept as classpath resources) and the
 * one route of its own, the call counts behind a function's chart; everything else it shows comes from the
 * OpenFaaS API.
 */
package io.jfaas.gateway.ui;
