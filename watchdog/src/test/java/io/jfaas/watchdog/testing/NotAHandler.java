package io.jfaas.watchdog.testing;

/** A class that does not implement FunctionHandler. */
public final class NotAHandler {
}
