/**
 * Builds OCI images without a container engine, with jib-core: a Java runtime made from scratch ({@link JreRoot}),
 * the layout every jfaas image shares ({@link ImageLayout}), the platform's images and function images on top of
 * the function runtime base ({@link Images}), and reading the image tars it writes ({@link ImageTar}). Used by the
 * {@code images} module (the platform's images) and by faas-cli (function images).
 */
package io.jfaas.imagebuilder;
