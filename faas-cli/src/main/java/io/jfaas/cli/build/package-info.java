/**
 * Templates and builds: the language templates (shipped inside the CLI, or in {@code ./template/}), and building a
 * Java function with Maven into the local image store under its {@code image:} name.
 */
package io.jfaas.cli.build;
