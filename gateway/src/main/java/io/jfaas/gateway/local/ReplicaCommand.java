package io.jfaas.gateway.local;

import io.jfaas.contracts.ReplicaJvm;
import io.jfaas.contracts.WatchdogSettings;
import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.SyncTransport;
import io.jfaas.imagestore.LocalImage;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How one replica (or a start-up cache's training run) is started: the command line, its environment and its
 * working directory. A pure builder: the same inputs give the same command, so it is tested without starting
 * anything.
 *
 * <p>The environment is built, not inherited: a replica sees what a pod would (its {@code environment:}, the
 * watchdog's settings) plus a few variables a JVM needs from the machine, never the gateway's own settings. Each
 * replica has a directory of its own as {@code HOME} and {@code TMPDIR}, so lock files and temporary files do not
 * collide.
 *
 * @param command the program and its arguments
 * @param environment the whole environment of the process
 * @param directory the working directory
 */
record ReplicaCommand(List<String> command, Map<String, String> environment, Path directory) {

    static final String WATCHDOG_MAIN = "io.jfaas.watchdog.Watchdog";

    /**
     * JVM options every replica and training run shares: a start-up cache is valid only for the same ones. The
     * memory ones ({@link ReplicaJvm}) keep a replica small after it served load and make it give memory back.
     */
    static final List<String> JVM_OPTIONS = jvmOptions();

    /** Machine settings a replica inherits from the gateway, when set. */
    static final Set<String> INHERITED = Set.of("PATH", "LANG", "LC_ALL", "TZ");

    /**
     * What to start.
     *
     * @param java the java launcher
     * @param watchdogClasspath the watchdog's jars
     * @param image the function's jars
     * @param deployment what was deployed
     * @param instance the replica's name (its HOSTNAME, as a pod's)
     * @param port the loopback port to serve on
     * @param metricsPort the loopback port for the watchdog's metrics
     * @param directory the replica's own directory: working directory, HOME and TMPDIR
     * @param machineEnv the gateway's environment, for the few inherited variables
     * @param cacheOptions JVM options that use or train a start-up cache, or none
     * @param nats the NATS server and subject the replica also serves calls on, or empty
     */
    record Launch(String java, String watchdogClasspath, LocalImage image, FunctionDeployment deployment,
                  String instance, int port, int metricsPort, Path directory, Map<String, String> machineEnv,
                  List<String> cacheOptions, java.util.Optional<Nats> nats) {
    }

    /** Where a replica serves the NATS transport: {@code JFAAS_NATS_URL} and {@code JFAAS_NATS_SUBJECT}. */
    record Nats(String url, String subject) {
    }

    /** The smallest memory limit a JVM replica can start with. */
    static final long MIN_MEMORY = 48L << 20;

    /**
     * The JVM options that make a deployment's limits hold for its replica. Memory (the limit, else the request): the
     * heap gets 50%, class metadata 15%, compiled code 10%, direct buffers 10%, leaving the rest for threads and the
     * JVM's own; a replica that runs out of heap exits (and is restarted) rather than limping on. CPU: the JVM sizes
     * its threads for the limit's cores ({@code ActiveProcessorCount}); the CPU time itself is not capped (local mode
     * has no cgroups), as docs/local-mode.md says.
     */
    static List<String> limitOptions(FunctionDeployment deployment) {
        List<String> options = new ArrayList<>();
        String memory = quantity(deployment.limits(), true).orElse(quantity(deployment.requests(), true).orElse(null));
        if (memory != null) {
            long bytes = Math.max(MIN_MEMORY, io.jfaas.contracts.Quantities.value(memory).longValue());
            long mib = bytes >> 20;
            options.add("-Xmx" + Math.max(16, mib / 2) + "m");
            options.add("-XX:MaxMetaspaceSize=" + Math.max(24, mib * 15 / 100) + "m");
            options.add("-XX:ReservedCodeCacheSize=" + Math.max(8, mib / 10) + "m");
            options.add("-XX:MaxDirectMemorySize=" + Math.max(4, mib / 10) + "m");
            options.add("-XX:+ExitOnOutOfMemoryError");
        }
        quantity(deployment.limits(), false).ifPresent(cpu -> {
            double cores = io.jfaas.contracts.Quantities.value(cpu).doubleValue();
            options.add("-XX:ActiveProcessorCount=" + Math.max(1, (int) Math.ceil(cores)));
        });
        return options;
    }

    private static java.util.Optional<String> quantity(io.jfaas.model.FunctionResources resources, boolean memory) {
        if (resources == null) {
            return java.util.Optional.empty();
        }
        String value = memory ? resources.memory() : resources.cpu();
        return value == null || value.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(value);
    }

    private static List<String> jvmOptions() {
        List<String> options = new ArrayList<>(ReplicaJvm.memoryOptions(Runtime.version().feature()));
        options.add("-XX:-UsePerfData");
        return List.copyOf(options);
    }

    /** Where a replica finds the secrets it was deployed with. */
    static Path secretsDir(Path replicaDirectory) {
        return replicaDirectory.resolve("secrets");
    }

    static ReplicaCommand of(Launch launch) {
        List<String> command = new ArrayList<>();
        command.add(launch.java());
        command.addAll(JVM_OPTIONS);
        command.addAll(limitOptions(launch.deployment()));
        command.addAll(launch.cacheOptions());
        command.add("-cp");
        List<String> classpath = new ArrayList<>();
        classpath.add(launch.watchdogClasspath());
        launch.image().classpath().forEach(jar -> classpath.add(jar.toString()));
        command.add(String.join(File.pathSeparator, classpath));
        command.add(WATCHDOG_MAIN);

        FunctionDeployment deployment = launch.deployment();
        Map<String, String> env = new LinkedHashMap<>();
        INHERITED.stream().sorted().filter(launch.machineEnv()::containsKey)
                .forEach(key -> env.put(key, launch.machineEnv().get(key)));
        // the gateway takes a replica out of rotation before stopping it: no need to wait for endpoints to update
        env.put(WatchdogSettings.HEALTHCHECK_INTERVAL, "0");
        env.putAll(new TreeMap<>(ReplicaJvm.memoryEnvironment()));
        env.putAll(new TreeMap<>(deployment.envVars()));
        if (deployment.envProcess() != null && !deployment.envProcess().isBlank()) {
            env.put(WatchdogSettings.FPROCESS, deployment.envProcess());
        }
        // the platform's settings come last: a function's environment cannot move its ports or files
        env.put("HOME", launch.directory().toString());
        env.put(WatchdogSettings.TMPDIR, launch.directory().toString());
        env.put(WatchdogSettings.SECRETS_DIR, secretsDir(launch.directory()).toString());
        env.put("HOSTNAME", launch.instance());
        env.put(WatchdogSettings.FUNCTION_NAME, deployment.service());
        env.put(WatchdogSettings.NAMESPACE, deployment.namespace());
        env.put(WatchdogSettings.PORT, Integer.toString(launch.port()));
        env.put(WatchdogSettings.METRICS_PORT, Integer.toString(launch.metricsPort()));
        env.put(WatchdogSettings.BIND_ADDRESS, "127.0.0.1");
        launch.nats().ifPresent(nats -> {
            env.put(WatchdogSettings.NATS_URL, nats.url());
            env.put(WatchdogSettings.NATS_SUBJECT, nats.subject());
        });
        return new ReplicaCommand(List.copyOf(command), Map.copyOf(env), launch.directory());
    }
}
