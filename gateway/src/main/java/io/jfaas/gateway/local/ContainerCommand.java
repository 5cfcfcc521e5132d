package io.jfaas.gateway.local;

import io.jfaas.contracts.Quantities;
import io.jfaas.contracts.WatchdogSettings;
import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.FunctionResources;
import io.jfaas.model.Labels;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code podman run} command line of one container replica. A pure builder: the same inputs give the same
 * command, so it is tested without podman.
 *
 * <p>What the container gets is what an OpenFaaS function pod gets, and no more: the deploy's environment, labels and
 * annotations (as labels, prefixed {@value #ANNOTATION_PREFIX}), each of its secrets as a read-only file at
 * {@code /var/openfaas/secrets/NAME}, its limits through cgroups, a non-root user, no capabilities, the function's port
 * 8080 published on the host's loopback only. It sees nothing of the gateway's state directory but those secret files.
 *
 * <p>The environment goes through an {@code --env-file} (written by the caller, readable by the gateway's user only),
 * not the command line, where any user of the machine could read it in {@code ps}. The file's format has no quoting:
 * a value with a line break, or a name the format would misread, is passed with {@code -e} instead. The environment
 * is never given to podman's own process, whose behaviour variables such as {@code CONTAINERS_CONF} change.
 */
record ContainerCommand(List<String> command, List<String> envFile) {

    /** Where OpenFaaS functions read their secrets. */
    static final String SECRETS_DIR = "/var/openfaas/secrets";
    /** The port an OpenFaaS function image listens on. */
    static final int FUNCTION_PORT = 8080;
    /** The user a container runs as when its image names none, or root. */
    static final String DEFAULT_USER = "10001:10001";
    /** The label naming the gateway's state directory: a later gateway removes what an earlier one left. */
    static final String STATE_LABEL = "com.jfaas.state-dir";
    /** The label naming the function, {@code NAME.NAMESPACE}. */
    static final String FUNCTION_LABEL = "com.jfaas.function";
    static final String ANNOTATION_PREFIX = "com.openfaas.annotations.";
    /** How big {@code /tmp} may grow on a read-only root. */
    static final String TMP_SIZE = "64m";

    /**
     * What to run.
     *
     * @param config podman and its flags
     * @param deployment what was deployed
     * @param imageId the image, by id (what the deploy resolved to)
     * @param imageUser the user the image names ({@code Config.User}), empty for none
     * @param instance the container's name and host name
     * @param hostPort the loopback port the function's 8080 is published on
     * @param stateDir the gateway's state directory, for {@link #STATE_LABEL}
     * @param secretFiles each secret's file on the host, by name
     * @param envFile where the caller writes {@link #envFile()}
     */
    record Launch(ContainerConfig config, FunctionDeployment deployment, String imageId, String imageUser,
                  String instance, int hostPort, Path stateDir, Map<String, Path> secretFiles, Path envFile) {
    }

    /** A name podman's env-file reader takes as written: no comment mark, no blank, no {@code =}. */
    private static final Pattern FILE_SAFE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    static ContainerCommand of(Launch launch) {
        FunctionDeployment deployment = launch.deployment();
        List<String> command = new ArrayList<>();
        command.add(launch.config().podman());
        command.addAll(launch.config().globalFlags());
        command.add("run");
        command.addAll(launch.config().runFlags());
        command.addAll(List.of("--rm", "--pull", "never", "--name", launch.instance(), "--hostname", launch.instance()));
        command.addAll(List.of("--label", STATE_LABEL + "=" + launch.stateDir()));
        command.addAll(List.of("--label", FUNCTION_LABEL + "=" + deployment.service() + "." + deployment.namespace()));
        command.addAll(List.of("--label", Labels.FAAS_FUNCTION + "=" + deployment.service()));
        new TreeMap<>(deployment.labels()).forEach((key, value) -> command.addAll(List.of("--label", key + "=" + value)));
        new TreeMap<>(deployment.annotations()).forEach((key, value) ->
                command.addAll(List.of("--label", ANNOTATION_PREFIX + key + "=" + value)));
        command.addAll(List.of("-p", "127.0.0.1:" + launch.hostPort() + ":" + FUNCTION_PORT));
        command.addAll(List.of("--user", userOf(launch.imageUser())));
        command.addAll(List.of("--cap-drop", "all", "--security-opt", "no-new-privileges"));
        if (deployment.readOnlyRootFilesystem()) {
            command.addAll(List.of("--read-only", "--read-only-tmpfs=false",
                    "--tmpfs", "/tmp:rw,nosuid,nodev,mode=1777,size=" + TMP_SIZE));
        }
        command.addAll(limits(deployment));
        new TreeMap<>(launch.secretFiles()).forEach((name, file) ->
                command.addAll(List.of("-v", file + ":" + SECRETS_DIR + "/" + name + ":ro")));
        // later lines of the file win, and -e wins over the file: the deploy may set what comes first
        Map<String, String> environment = new LinkedHashMap<>();
        // the gateway takes a replica out of rotation before stopping it: no need to wait for endpoints to update
        environment.put(WatchdogSettings.HEALTHCHECK_INTERVAL, "0");
        environment.putAll(new TreeMap<>(deployment.envVars()));
        if (deployment.envProcess() != null && !deployment.envProcess().isBlank()) {
            environment.remove(WatchdogSettings.FPROCESS);
            environment.put(WatchdogSettings.FPROCESS, deployment.envProcess());
        }
        List<String> envFile = new ArrayList<>();
        environment.forEach((name, value) -> {
            if (FILE_SAFE_NAME.matcher(name).matches() && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
                envFile.add(name + "=" + value);
            } else {
                command.addAll(List.of("-e", name + "=" + value));
            }
        });
        command.addAll(List.of("--env-file", launch.envFile().toString()));
        command.add(launch.imageId());
        return new ContainerCommand(List.copyOf(command), List.copyOf(envFile));
    }

    /** The image's own user, unless it names none or root: then {@link #DEFAULT_USER}. */
    static String userOf(String imageUser) {
        String user = imageUser == null ? "" : imageUser.trim();
        String name = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        return name.isEmpty() || name.equals("0") || name.equals("root") ? DEFAULT_USER : user;
    }

    /**
     * The cgroup limits of a deployment: memory limit {@code --memory} (swap included: {@code --memory-swap} is the
     * same), memory request {@code --memory-reservation}, CPU limit {@code --cpus}, CPU request {@code --cpu-shares}
     * (1024 a core, as Kubernetes maps requests).
     */
    static List<String> limits(FunctionDeployment deployment) {
        List<String> options = new ArrayList<>();
        quantity(deployment.limits(), true).ifPresent(memory -> {
            String bytes = bytes(memory);
            options.addAll(List.of("--memory", bytes, "--memory-swap", bytes));
        });
        quantity(deployment.requests(), true).ifPresent(memory ->
                options.addAll(List.of("--memory-reservation", bytes(memory))));
        quantity(deployment.limits(), false).ifPresent(cpu ->
                options.addAll(List.of("--cpus", Quantities.value(cpu).stripTrailingZeros().toPlainString())));
        quantity(deployment.requests(), false).ifPresent(cpu -> {
            long shares = Quantities.value(cpu).multiply(BigDecimal.valueOf(1024)).setScale(0, RoundingMode.CEILING)
                    .longValue();
            options.addAll(List.of("--cpu-shares", Long.toString(Math.max(2, shares))));
        });
        return options;
    }

    private static String bytes(String quantity) {
        return Long.toString(Quantities.value(quantity).setScale(0, RoundingMode.CEILING).longValue());
    }

    private static Optional<String> quantity(FunctionResources resources, boolean memory) {
        if (resources == null) {
            return Optional.empty();
        }
        String value = memory ? resources.memory() : resources.cpu();
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
