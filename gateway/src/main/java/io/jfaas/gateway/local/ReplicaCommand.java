package io.jfaas.gateway.local;

import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.image.LocalImage;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How one replica is started: the command line, its environment and its working directory. A pure builder: the
 * same inputs give the same command, so it is tested without starting anything.
 *
 * <p>The environment is built, not inherited: a replica sees what a pod would (its {@code environment:}, the
 * watchdog's settings) plus a few variables a JVM needs from the machine, never the gateway's own settings.
 *
 * @param command the program and its arguments
 * @param environment the whole environment of the process
 * @param directory the working directory
 */
record ReplicaCommand(List<String> command, Map<String, String> environment, Path directory) {

    static final String WATCHDOG_MAIN = "io.jfaas.watchdog.Watchdog";

    /** Machine settings a replica inherits from the gateway, when set. */
    private static final Set<String> INHERITED = Set.of("PATH", "LANG", "LC_ALL", "TZ", "TMPDIR");

    /**
     * The command for one replica.
     *
     * @param java the java launcher
     * @param watchdogClasspath the watchdog's jars
     * @param image the function's jars
     * @param deployment what was deployed
     * @param instance the replica's name (its HOSTNAME, as a pod's)
     * @param port the loopback port to serve on
     * @param directory the working directory
     * @param machineEnv the gateway's environment, for the few inherited variables
     */
    static ReplicaCommand of(String java, String watchdogClasspath, LocalImage image, FunctionDeployment deployment,
                             String instance, int port, Path directory, Map<String, String> machineEnv) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("-XX:+UseSerialGC");
        command.add("-XX:-UsePerfData");
        command.add("-cp");
        List<String> classpath = new ArrayList<>();
        classpath.add(watchdogClasspath);
        image.classpath().forEach(jar -> classpath.add(jar.toString()));
        command.add(String.join(File.pathSeparator, classpath));
        command.add(WATCHDOG_MAIN);

        Map<String, String> env = new LinkedHashMap<>();
        INHERITED.stream().sorted().filter(machineEnv::containsKey).forEach(key -> env.put(key, machineEnv.get(key)));
        env.put("HOME", directory.toString());
        env.putAll(new java.util.TreeMap<>(deployment.envVars()));
        if (deployment.envProcess() != null && !deployment.envProcess().isBlank()) {
            env.put("fprocess", deployment.envProcess());
        }
        // the platform's settings come last: a function's environment cannot move its port
        env.put("HOSTNAME", instance);
        env.put("OPENFAAS_NAME", deployment.service());
        env.put("OPENFAAS_NAMESPACE", deployment.namespace());
        env.put("port", Integer.toString(port));
        env.put("JFAAS_BIND_ADDRESS", "127.0.0.1");
        return new ReplicaCommand(List.copyOf(command), Map.copyOf(env), directory);
    }
}
