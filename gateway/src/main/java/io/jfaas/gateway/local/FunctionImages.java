package io.jfaas.gateway.local;

import io.jfaas.imagestore.ImageRef;
import io.jfaas.imagestore.LocalImage;
import io.jfaas.imagestore.LocalImageStore;
import io.jfaas.model.FunctionDeployment;
import io.jfaas.provider.ProviderException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The one place that decides what a deployment runs: a Java function of the local image store as child JVMs, or an
 * OCI image as containers ({@link ContainerConfig.Runtime}, overridden per function by the annotation
 * {@value ContainerConfig#ANNOTATION}). A container image podman does not have is pulled; one it cannot pull is a
 * 400 naming the image and the registry's answer.
 */
final class FunctionImages {

    private final LocalImageStore store;
    private final Podman podman;

    FunctionImages(LocalImageStore store, Podman podman) {
        this.store = store;
        this.podman = podman;
    }

    LocalImageStore store() {
        return store;
    }

    /** The runtime a deployment asks for: its annotation, else the gateway's setting. */
    ContainerConfig.Runtime runtimeOf(FunctionDeployment deployment) {
        try {
            return ContainerConfig.annotated(deployment.annotations()).orElse(podman.config().runtime());
        } catch (IllegalArgumentException e) {
            throw new ProviderException(ProviderException.Kind.INVALID, "validation failed: " + e.getMessage());
        }
    }

    /** What a new deployment runs; pulls its image when it is a container image podman does not have. */
    FunctionImage resolve(FunctionDeployment deployment) {
        ImageRef ref;
        try {
            ref = ImageRef.parse(deployment.image());
        } catch (IllegalArgumentException e) {
            throw new ProviderException(ProviderException.Kind.INVALID, "validation failed: " + e.getMessage());
        }
        ContainerConfig.Runtime runtime = runtimeOf(deployment);
        if (runtime != ContainerConfig.Runtime.CONTAINER) {
            Optional<LocalImage> local = store.find(ref);
            if (local.isPresent()) {
                return new FunctionImage.Jvm(local.get());
            }
            if (runtime == ContainerConfig.Runtime.JVM) {
                throw new ProviderException(ProviderException.Kind.INVALID, "image " + ref + " is not in the local"
                        + " image store " + store.root() + ": build it first with \"faas-cli build\" (or"
                        + " \"faas-cli up\")");
            }
        }
        return container(deployment.image(), runtime == ContainerConfig.Runtime.CONTAINER ? ""
                : "image " + ref + " is not in the local image store " + store.root()
                        + " (\"faas-cli build\" puts Java functions there), and ");
    }

    /**
     * What a stored function runs after a restart: the same content it was deployed with, or empty when that is gone.
     */
    Optional<FunctionImage> restore(FunctionDeployment deployment, String digest) {
        Optional<LocalImage> local = store.findByDigest(ImageRef.parse(deployment.image()), digest);
        if (local.isPresent() && runtimeOf(deployment) != ContainerConfig.Runtime.CONTAINER) {
            return Optional.of(new FunctionImage.Jvm(local.get()));
        }
        if (!podman.isInstalled()) {
            return Optional.empty();
        }
        try {
            return podman.inspect(FunctionImage.Container.idOf(digest))
                    .map(image -> new FunctionImage.Container(image.id(), image.user()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FunctionImage.Container container(String reference, String notLocal) {
        if (!podman.isInstalled()) {
            throw new ProviderException(ProviderException.Kind.INVALID, notLocal + "image " + reference
                    + " cannot run as a container: " + podman.config().podman() + " is not installed (apt-get install"
                    + " podman runc; see docs/local-mode.md)");
        }
        try {
            Optional<Podman.Image> present = podman.inspect(reference);
            if (present.isPresent()) {
                return new FunctionImage.Container(present.get().id(), present.get().user());
            }
            Podman.Result pulled = podman.pull(reference);
            Optional<Podman.Image> image = pulled.ok() ? podman.inspect(reference) : Optional.empty();
            if (image.isEmpty()) {
                throw new ProviderException(ProviderException.Kind.INVALID, notLocal + "podman cannot pull image "
                        + reference + ": " + lastLines(pulled.output()) + " (load an image built with"
                        + " \"faas-cli build --tar\" with \"podman load -i FILE\"; registry credentials come from"
                        + " $DOCKER_CONFIG/config.json or ~/.docker/config.json, as for \"faas-cli login\")");
            }
            return new FunctionImage.Container(image.get().id(), image.get().user());
        } catch (IOException e) {
            throw new ProviderException(ProviderException.Kind.INTERNAL, "cannot run " + podman.config().podman()
                    + " for image " + reference + ": " + e.getMessage(), e);
        }
    }

    /** The registry's answer: the last few lines podman printed, on one line. */
    static String lastLines(String output) {
        List<String> lines = output.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        String text = String.join("; ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        return text.isEmpty() ? "podman said nothing" : text.length() > 2000 ? text.substring(text.length() - 2000)
                : text;
    }
}
