/**
 * The credentials file {@code ~/.openfaas/config.yml}, in the Go faas-cli's format, so both CLIs share logins.
 */
package io.jfaas.cli.config;
