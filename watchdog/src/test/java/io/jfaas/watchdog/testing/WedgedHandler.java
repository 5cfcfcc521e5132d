package io.jfaas.watchdog.testing;

import io.jfaas.function.FunctionHandler;
import io.jfaas.function.Request;
import io.jfaas.function.Response;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * A deadlocked handler: {@code /wedge} waits for {@link #release} and swallows every interrupt meanwhile (like a
 * thread blocked on a lock that is never freed); any other path answers "fine" at once.
 */
public final class WedgedHandler implements FunctionHandler {

    public static volatile CountDownLatch release = new CountDownLatch(1);

    @Override
    public Response handle(Request request) {
        if (!request.path().equals("/wedge")) {
            return Response.ok("fine");
        }
        while (release.getCount() > 0) {
            LockSupport.parkNanos(1_000_000L);
        }
        return Response.ok("released");
    }
}
