package io.jfaas.gateway.testing;

import io.jfaas.function.FunctionContext;
import io.jfaas.function.FunctionHandler;
import io.jfaas.function.Request;
import io.jfaas.function.Response;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * A function for local-provider tests. {@code /secret/NAME} answers that secret's value (404 without it),
 * {@code /print} prints the body to standard output, {@code /allocate/MB} holds MB MiB of heap while it
 * answers, {@code /spin} spins on a core for ever (ignoring interrupts), {@code /wedge} waits without using a core
 * until a later {@code /unwedge} (ignoring interrupts: a deadlock), {@code /sleep/MS} prints "sleeping MS" and answers after MS milliseconds (a slow
 * call, for load), {@code /octets} answers the body as {@code application/octet-stream}, {@code /fail} answers 500;
 * any other path answers
 * "HOSTNAME GREETING BODY".
 */
public final class WhoAmIHandler implements FunctionHandler {

    private static final CountDownLatch UNWEDGE = new CountDownLatch(1);

    private volatile FunctionContext context;

    @Override
    public void init(FunctionContext context) {
        this.context = context;
    }

    @Override
    public Response handle(Request request) {
        if (request.path().startsWith("/secret/")) {
            return context.secret(request.path().substring("/secret/".length()))
                    .map(Response::ok)
                    .orElseGet(() -> Response.ok("no such secret").withStatus(404));
        }
        if (request.path().startsWith("/sleep/")) {
            System.out.println("sleeping " + request.path().substring("/sleep/".length()));
            try {
                Thread.sleep(Long.parseLong(request.path().substring("/sleep/".length())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Response.ok("slept");
        }
        if (request.path().equals("/spin")) {
            // a CPU-bound handler that never ends: enough of these take every carrier thread of the replica
            long spins = 0;
            while (!Thread.currentThread().isInterrupted() || spins >= 0) {
                spins++;
            }
            return Response.ok("spun " + spins);
        }
        if (request.path().equals("/wedge")) {
            while (UNWEDGE.getCount() > 0) {
                LockSupport.parkNanos(1_000_000L);
            }
            return Response.ok("unwedged");
        }
        if (request.path().equals("/unwedge")) {
            UNWEDGE.countDown();
            return Response.ok("unwedging");
        }
        if (request.path().startsWith("/allocate/")) {
            // holds MB mebibytes of heap until it answers: past a memory limit the replica runs out
            int mebibytes = Integer.parseInt(request.path().substring("/allocate/".length()));
            java.util.List<byte[]> held = new java.util.ArrayList<>();
            for (int i = 0; i < mebibytes; i++) {
                held.add(new byte[1 << 20]);
            }
            return Response.ok("allocated " + held.size());
        }
        if (request.path().equals("/fail")) {
            return Response.ok("failed on purpose").withStatus(500);
        }
        if (request.path().equals("/octets")) {
            return Response.ok(request.body()).withContentType("application/octet-stream");
        }
        if (request.path().equals("/print")) {
            System.out.println(request.bodyAsText());
            return Response.ok("printed");
        }
        return Response.ok(System.getenv("HOSTNAME") + " " + System.getenv("GREETING") + " " + request.bodyAsText());
    }
}
