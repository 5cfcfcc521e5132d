package io.jfaas.imagebuilder;

import io.jfaas.contracts.ReplicaJvm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where things are inside jfaas's images, and how their Java processes start: one place for paths, the user and
 * the command lines the platform images and function images share.
 */
public final class ImageLayout {

    /** The Java runtime ({@code jlink}ed), as in the Temurin images. */
    public static final String JAVA_HOME = "/opt/java/openjdk";
    public static final String JAVA = JAVA_HOME + "/bin/java";
    /** The watchdog's jars in the function runtime base. */
    public static final String WATCHDOG_DIR = "/opt/jfaas/watchdog";
    /** A function's jars (and its start-up cache) in a function image. */
    public static final String FUNCTION_DIR = "/home/app/function";
    /** The function's start-up cache, trained when the image is built. */
    public static final String FUNCTION_CACHE = FUNCTION_DIR + "/function.aot";
    /** A service's jars (gateway, operator): the application and {@code libs/}, as Jib's Maven plugin lays them out. */
    public static final String APP_DIR = "/app";
    /** The classpath of a service, one line, for {@code java -cp @/app/jib-classpath-file} (the chart uses it). */
    public static final String CLASSPATH_FILE = APP_DIR + "/jib-classpath-file";

    /** The unprivileged user every image runs as (the chart's default {@code runAsUser}). */
    public static final int UID = 10001;
    public static final String USER_NAME = "app";
    public static final String HOME = "/home/app";

    public static final String WATCHDOG_MAIN = "io.jfaas.watchdog.Watchdog";

    /**
     * JVM options of every Java process in the images: a start-up cache is valid only for the options it was trained
     * with. No perf data file: root file systems are read-only.
     */
    public static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:-UsePerfData");

    /**
     * The watchdog's JVM options: a replica's memory settings ({@link ReplicaJvm}; only what JDK 21 has, as the
     * image's runtime may be any JDK 21+), without the serial collector the services run.
     */
    static final List<String> WATCHDOG_JVM_OPTIONS = watchdogJvmOptions();

    /** The environment of the images that run the watchdog, on top of {@link #ENVIRONMENT}. */
    public static final Map<String, String> WATCHDOG_ENVIRONMENT = ReplicaJvm.memoryEnvironment();

    private static List<String> watchdogJvmOptions() {
        List<String> options = new ArrayList<>(ReplicaJvm.memoryOptions(21));
        options.addAll(JVM_OPTIONS.stream().filter(option -> !option.equals("-XX:+UseSerialGC")).toList());
        return List.copyOf(options);
    }

    /** The environment every image has. */
    public static final Map<String, String> ENVIRONMENT = Map.of(
            "JAVA_HOME", JAVA_HOME,
            "PATH", JAVA_HOME + "/bin:/usr/local/bin:/usr/bin:/bin",
            "LANG", "C.UTF-8",
            "HOME", HOME);

    private ImageLayout() {
    }

    /**
     * The command that starts the watchdog with a function: the watchdog's jars, then the function's.
     *
     * @param javaHome where the Java runtime is ({@link #JAVA_HOME} in an image; elsewhere when training)
     * @param classpath the jars, in order
     * @param cacheOptions JVM options that use or train a start-up cache, or none
     */
    public static List<String> watchdogCommand(String javaHome, List<String> classpath, List<String> cacheOptions) {
        List<String> command = new ArrayList<>();
        command.add(javaHome + "/bin/java");
        command.addAll(WATCHDOG_JVM_OPTIONS);
        command.addAll(cacheOptions);
        command.add("-cp");
        command.add(String.join(":", classpath));
        command.add(WATCHDOG_MAIN);
        return List.copyOf(command);
    }

    /** The options that make the JVM use a start-up cache if it can (and start without it if it cannot). */
    public static List<String> useCache(String cache) {
        return List.of("-XX:AOTCache=" + cache);
    }

    /** A service's command: {@code java -cp @/app/jib-classpath-file MAIN}. */
    public static List<String> serviceCommand(String mainClass) {
        return serviceCommand(mainClass, List.of());
    }

    /** A service's command with the service's own JVM options (after the images' own, so they win). */
    public static List<String> serviceCommand(String mainClass, List<String> options) {
        List<String> command = new ArrayList<>();
        command.add(JAVA);
        command.addAll(JVM_OPTIONS);
        command.addAll(options);
        // Netty loads its native transport
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add("@" + CLASSPATH_FILE);
        command.add(mainClass);
        return List.copyOf(command);
    }
}
