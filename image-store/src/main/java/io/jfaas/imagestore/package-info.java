/**
 * The local image store: where {@code faas-cli build} puts a function's runnable files under its {@code image:}
 * name, and where the gateway's local provider finds them. Content-addressed, so a deployment keeps running the
 * exact files it was deployed with while the tag moves on.
 */
package io.jfaas.imagestore;
