package io.jfaas.watchdog.testing;

import io.jfaas.function.FunctionHandler;
import io.jfaas.function.Request;
import io.jfaas.function.Response;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/** Answers only once two requests are inside it at the same time: proof that requests are served concurrently. */
public final class BarrierHandler implements FunctionHandler {

    private final CyclicBarrier barrier = new CyclicBarrier(2);

    @Override
    public Response handle(Request request) throws Exception {
        barrier.await(10, TimeUnit.SECONDS);
        return Response.ok("together");
    }
}
