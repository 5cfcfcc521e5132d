package io.jfaas.watchdog;

import java.util.List;

/**
 * Whether this JVM started from a start-up cache: a JDK AOT cache ({@code -XX:AOTCache}, JDK 24+) or an AppCDS
 * archive ({@code -XX:SharedArchiveFile}). Read from the JVM's own arguments; the launcher requires the cache
 * ({@code -XX:AOTMode=on} / {@code -Xshare:on}), so a JVM that started with it is using it.
 */
record StartupCache(String kind, String file) {

    static final StartupCache NONE = new StartupCache("none", "");

    static StartupCache of(List<String> jvmArguments) {
        for (String argument : jvmArguments) {
            if (argument.startsWith("-XX:AOTCache=")) {
                return new StartupCache("aot", argument.substring("-XX:AOTCache=".length()));
            }
            if (argument.startsWith("-XX:SharedArchiveFile=")) {
                return new StartupCache("appcds", argument.substring("-XX:SharedArchiveFile=".length()));
            }
        }
        return NONE;
    }

    static StartupCache ofThisJvm() {
        return of(ProcessHandle.current().info().arguments().map(List::of).orElse(List.of()));
    }

    boolean used() {
        return this != NONE && !kind.equals("none");
    }

    /** For the log and the {@code X-Startup-Cache} header: {@code aot /path/app.aot} or {@code none}. */
    String describe() {
        return used() ? kind + " " + file : "none";
    }
}
