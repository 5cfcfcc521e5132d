/**
 * The watchdog's settings: read once from the environment into {@link io.jfaas.watchdog.config.WatchdogConfig},
 * OpenFaaS's variable names where they exist, each checked with an error that names it.
 */
package io.jfaas.watchdog.config;
