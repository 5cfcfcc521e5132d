/**
 * The CLI's start-up cache, made when the CLI is built: {@link io.jfaas.cli.startup.StartupTraining} runs the
 * everyday commands once so the JVM can record what they load, and {@link io.jfaas.cli.startup.ClassFileUpgrade}
 * first rewrites libraries compiled for Java 5 (picocli), whose classes the JVM cannot keep in a cache.
 */
package io.jfaas.cli.startup;
