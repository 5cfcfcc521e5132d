/**
 * One class per faas-cli command, each thin: it reads its flags, calls the services ({@code api}, {@code build},
 * {@code deploy}, {@code stack}), and prints through picocli's writers.
 */
package io.jfaas.cli.command;
