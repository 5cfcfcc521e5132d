package io.jfaas.gateway.local;

import io.jfaas.imagestore.LocalImage;

/** What a function's replicas run: a Java function from the local image store (child JVMs), or a container image. */
sealed interface FunctionImage permits FunctionImage.Jvm, FunctionImage.Container {

    /** The content the deploy resolved to, kept with the function so that a restart runs the same. */
    String digest();

    /** A Java function in the local image store: replicas are child JVMs. */
    record Jvm(LocalImage image) implements FunctionImage {
        @Override
        public String digest() {
            return image.digest();
        }
    }

    /**
     * An OCI image podman has: replicas are containers.
     *
     * @param id podman's image id (hex), what containers are started from
     * @param user the user its configuration names, empty for none
     */
    record Container(String id, String user) implements FunctionImage {

        static final String PREFIX = "sha256:";

        /** The id as a digest, {@code sha256:ID}. */
        @Override
        public String digest() {
            return PREFIX + id;
        }

        /** The id of a digest {@link #digest()} made. */
        static String idOf(String digest) {
            return digest.startsWith(PREFIX) ? digest.substring(PREFIX.length()) : digest;
        }
    }
}
