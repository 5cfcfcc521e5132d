/**
 * The stack file ({@code stack.yml}) in OpenFaaS's format: its records, reading it (with {@code ${VAR}} and
 * {@code ${VAR:-default}} substitution, and an error for any key it does not know), and which gateway a command talks
 * to.
 */
package io.jfaas.cli.stack;
