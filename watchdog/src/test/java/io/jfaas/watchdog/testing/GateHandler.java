package io.jfaas.watchdog.testing;

import io.jfaas.function.FunctionHandler;
import io.jfaas.function.Request;
import io.jfaas.function.Response;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Holds every call until the test opens the gate; tells the test each time a call has entered. */
public final class GateHandler implements FunctionHandler {

    public static final Semaphore ENTERED = new Semaphore(0);
    public static volatile CountDownLatch gate = new CountDownLatch(1);

    public static void reset() {
        ENTERED.drainPermits();
        gate = new CountDownLatch(1);
    }

    @Override
    public Response handle(Request request) throws InterruptedException {
        ENTERED.release();
        if (!gate.await(30, TimeUnit.SECONDS)) {
            return Response.of(500).withBody("the test never opened the gate");
        }
        return Response.ok("through");
    }
}
