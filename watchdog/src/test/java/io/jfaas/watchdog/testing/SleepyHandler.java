package io.jfaas.watchdog.testing;

import io.jfaas.function.FunctionHandler;
import io.jfaas.function.Request;
import io.jfaas.function.Response;
import java.util.concurrent.CountDownLatch;

/** Sleeps ten seconds; counts down {@link #INTERRUPTED} when interrupted instead. */
public final class SleepyHandler implements FunctionHandler {

    public static volatile CountDownLatch interrupted = new CountDownLatch(1);

    @Override
    public Response handle(Request request) {
        try {
            Thread.sleep(10_000);
            return Response.ok("slept");
        } catch (InterruptedException e) {
            interrupted.countDown();
            return Response.ok("interrupted");
        }
    }
}
