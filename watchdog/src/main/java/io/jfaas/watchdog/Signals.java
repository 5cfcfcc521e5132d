package io.jfaas.watchdog;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT handling. A shutdown hook cannot choose the exit status (the JVM exits 143 after SIGTERM), and
 * the platform expects 0 after a clean drain, so this uses the JDK's signal API from jdk.unsupported.
 */
final class Signals {

    private Signals() {
    }

    static void onTerminate(Runnable action) {
        Runnable once = new Runnable() {
            private boolean ran;

            @Override
            public synchronized void run() {
                if (!ran) {
                    ran = true;
                    action.run();
                }
            }
        };
        Signal.handle(new Signal("TERM"), signal -> Thread.ofPlatform().start(once));
        Signal.handle(new Signal("INT"), signal -> Thread.ofPlatform().start(once));
    }
}
