/**
 * Deploying: what a stack function and the command's flags become as a FunctionDeployment (a pure builder), and
 * sending it as faas-cli does (PUT, then POST on 404) with faas-cli's output.
 */
package io.jfaas.cli.deploy;
