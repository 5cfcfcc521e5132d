package io.jfaas.gateway.local;

import io.jfaas.contracts.EnvSettings;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How local mode runs functions as containers, read once from the gateway's environment.
 *
 * @param runtime which functions run as containers ({@code JFAAS_LOCAL_RUNTIME}, default {@code auto})
 * @param podman the podman program ({@code JFAAS_PODMAN}, default {@code podman} from the {@code PATH})
 * @param globalFlags podman's flags before every command: the OCI runtime, cgroup manager, events back end, storage
 *                    ({@code JFAAS_PODMAN_FLAGS}, default {@link #DEFAULT_GLOBAL_FLAGS}; set but empty: none)
 * @param runFlags flags added to every {@code podman run} ({@code JFAAS_PODMAN_RUN_FLAGS}, default
 *                 {@link #DEFAULT_RUN_FLAGS})
 */
public record ContainerConfig(Runtime runtime, String podman, List<String> globalFlags, List<String> runFlags) {

    static final String RUNTIME = "JFAAS_LOCAL_RUNTIME";
    static final String PODMAN = "JFAAS_PODMAN";
    static final String PODMAN_FLAGS = "JFAAS_PODMAN_FLAGS";
    static final String PODMAN_RUN_FLAGS = "JFAAS_PODMAN_RUN_FLAGS";

    /** The annotation that picks a function's runtime, whatever {@code JFAAS_LOCAL_RUNTIME} says. */
    public static final String ANNOTATION = "com.jfaas.runtime";

    /** runc with cgroupfs and a file for events: what works on a host without systemd or crun. */
    public static final String DEFAULT_GLOBAL_FLAGS = "--runtime runc --cgroup-manager cgroupfs --events-backend file";
    /** runc refuses to start a container whose open-files and process limits exceed the host's hard limits. */
    public static final String DEFAULT_RUN_FLAGS = "--ulimit nofile=20000:20000 --ulimit nproc=4096:4096";

    public static final ContainerConfig DEFAULT = fromEnv(Map.of());

    /** Which functions run as containers. */
    public enum Runtime {
        /** Java functions in the local image store as child JVMs; every other image as a container. */
        AUTO,
        /** Every function as a container. */
        CONTAINER,
        /** Every function as a child JVM: images not in the local image store are refused. */
        JVM;

        static Runtime parse(String key, String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": \"" + value + "\" is not one of auto, container, jvm");
            }
        }
    }

    public ContainerConfig {
        globalFlags = List.copyOf(globalFlags);
        runFlags = List.copyOf(runFlags);
    }

    /** Reads the settings; a bad value fails naming the variable. */
    public static ContainerConfig fromEnv(Map<String, String> env) {
        EnvSettings settings = EnvSettings.of(env);
        String podman = settings.string(PODMAN, "podman").trim();
        return new ContainerConfig(Runtime.parse(RUNTIME, settings.string(RUNTIME, "auto")), podman,
                words(env.getOrDefault(PODMAN_FLAGS, DEFAULT_GLOBAL_FLAGS)),
                words(env.getOrDefault(PODMAN_RUN_FLAGS, DEFAULT_RUN_FLAGS)));
    }

    /** The runtime a function asks for by annotation, if it names one; a wrong value fails naming the annotation. */
    static Optional<Runtime> annotated(Map<String, String> annotations) {
        String value = annotations == null ? null : annotations.get(ANNOTATION);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Runtime runtime = Runtime.parse("annotation " + ANNOTATION, value);
        return Optional.of(runtime);
    }

    private static List<String> words(String text) {
        String trimmed = text.trim();
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
    }
}
