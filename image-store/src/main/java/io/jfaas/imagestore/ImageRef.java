package io.jfaas.imagestore;

import java.util.regex.Pattern;

/**
 * An image reference, {@code [registry/]path[:tag]}, as in a stack file's {@code image:}. The tag defaults to
 * {@code latest}. The same name later names an OCI image in a registry.
 *
 * @param repository everything before the tag, e.g. {@code ghcr.io/me/hello}
 * @param tag the tag, e.g. {@code latest}
 */
public record ImageRef(String repository, String tag) {

    private static final Pattern REGISTRY = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]+)?");
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    public ImageRef {
        if (!TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("invalid image tag '" + tag + "': use letters, digits, '_', '.' and"
                    + " '-', at most 128 characters, not starting with '.' or '-'");
        }
        String[] components = repository.split("/", -1);
        for (int i = 0; i < components.length; i++) {
            boolean registry = i == 0 && components.length > 1 && REGISTRY.matcher(components[0]).matches()
                    && (components[0].contains(".") || components[0].contains(":")
                    || components[0].equals("localhost"));
            if (!registry && !PATH_COMPONENT.matcher(components[i]).matches()) {
                throw new IllegalArgumentException("invalid image name '" + repository + "': each part between"
                        + " '/' must be lower-case letters and digits, separated by '.', '_' or '-'");
            }
        }
    }

    /** Reads {@code name}, {@code name:tag} or {@code registry:port/name:tag}. */
    public static ImageRef parse(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("image: is required");
        }
        if (reference.contains("@")) {
            throw new IllegalArgumentException("invalid image '" + reference
                    + "': digest references are not supported here, use a tag");
        }
        int slash = reference.lastIndexOf('/');
        int colon = reference.lastIndexOf(':');
        if (colon > slash) {
            return new ImageRef(reference.substring(0, colon), reference.substring(colon + 1));
        }
        return new ImageRef(reference, "latest");
    }

    @Override
    public String toString() {
        return repository + ":" + tag;
    }
}
