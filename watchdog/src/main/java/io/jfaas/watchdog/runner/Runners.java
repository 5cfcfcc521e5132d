package io.jfaas.watchdog.runner;

import io.jfaas.watchdog.config.WatchdogConfig;
import java.util.Map;

/** The one place that picks the runner for the configured mode. */
public final class Runners {

    private Runners() {
    }

    public static FunctionRunner forConfig(WatchdogConfig config, Map<String, String> env) {
        return forConfig(config, env, Runners.class.getClassLoader());
    }

    /** {@code loader}: where java mode finds the handler's class. */
    public static FunctionRunner forConfig(WatchdogConfig config, Map<String, String> env, ClassLoader loader) {
        return switch (config.mode()) {
            case JAVA -> new JavaRunner(config, env, loader);
            case HTTP -> new HttpRunner(config, () -> System.exit(1));
            case STREAMING -> new ForkRunner(config, env, true);
            case SERIALIZING -> new ForkRunner(config, env, false);
        };
    }
}
