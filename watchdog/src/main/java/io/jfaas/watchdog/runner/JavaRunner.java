package io.jfaas.watchdog.runner;

import io.jfaas.contracts.WatchdogSettings;
import io.jfaas.function.FunctionContext;
import io.jfaas.function.FunctionHandler;
import io.jfaas.function.Request;
import io.jfaas.function.Response;
import io.jfaas.watchdog.config.WatchdogConfig;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default mode: the user's handler, loaded into this JVM and called directly. With {@code exec_timeout}, each
 * call runs on a virtual thread of its own that is interrupted when time is up, and the client gets 504. A handler
 * still in a call one more {@code exec_timeout} (at least a second) after that ignores interrupts for good (a
 * deadlock, a wait without a timeout): the runner is then {@linkplain #wedged() wedged} until that call returns.
 */
final class JavaRunner implements FunctionRunner {

    private final WatchdogConfig config;
    private final FunctionContext context;
    private final Deadlines deadlines;
    /** Calls timed out whose handler has not returned yet, with when they timed out ({@link System#nanoTime()}). */
    private final Map<Overdue, Long> overdue = new ConcurrentHashMap<>();
    private final ClassLoader loader;
    private FunctionHandler handler;

    /** One call whose handler may outlive its deadline. */
    private static final class Overdue {
        volatile boolean returned;
    }

    /** {@code loader}: where the handler's class is found (the watchdog's own, or a warm-pool JVM's per function). */
    JavaRunner(WatchdogConfig config, Map<String, String> env, ClassLoader loader) {
        this.config = config;
        this.loader = loader;
        this.context = FunctionContext.of(config.functionName(), config.namespace(), env, config.secretsDir());
        this.deadlines = config.hasExecTimeout() ? new Deadlines() : null;
    }

    @Override
    public void start() throws Exception {
        handler = instantiate(config.handlerClass(), loader);
        handler.init(context);
    }

    /**
     * Calls the handler on this thread. With {@code exec_timeout}, a watcher answers 504 at the deadline and
     * interrupts the handler; whatever the handler returns after that is dropped.
     */
    @Override
    public void serve(Exchange exchange) throws IOException {
        Request request = exchange.readRequest();
        Overdue call = new Overdue();
        Deadlines.Call deadline = deadlines == null ? null : deadlines.start(config.execTimeout().toNanos(),
                timeOut(exchange, Thread.currentThread(), call));
        Response response;
        try {
            response = handler.handle(request);
            if (response == null) {
                throw new IllegalStateException(config.handlerClass() + ".handle returned null instead of a Response");
            }
        } catch (Exception | LinkageError | StackOverflowError e) {
            if (!exchange.claim()) {
                return;
            }
            Log.error("handler " + config.handlerClass() + " failed", e);
            exchange.sendText(500, "Internal Server Error\n");
            return;
        } finally {
            if (deadline != null) {
                deadline.done();
                call.returned = true;
                overdue.remove(call);
            }
        }
        if (exchange.claim()) {
            exchange.send(response, config.contentType());
        }
    }

    private Runnable timeOut(Exchange exchange, Thread handlerThread, Overdue call) {
        return () -> {
            overdue.put(call, System.nanoTime());
            if (call.returned) {
                overdue.remove(call);
            }
            if (exchange.claim()) {
                try {
                    exchange.sendText(504, "function did not answer within exec_timeout ("
                            + config.execTimeout().toMillis() + " ms)\n", Exchange.INTERNAL_HEADER, "of-watchdog");
                } catch (IOException e) {
                    exchange.finish();
                }
            }
            handlerThread.interrupt();
        };
    }

    @Override
    public Optional<String> wedged() {
        if (overdue.isEmpty()) {
            return Optional.empty();
        }
        long grace = Math.max(config.execTimeout().toNanos(), 1_000_000_000L);
        long now = System.nanoTime();
        long stuck = overdue.values().stream().filter(since -> now - since >= grace).count();
        if (stuck == 0) {
            return Optional.empty();
        }
        return Optional.of(stuck + " call(s) still in handler " + config.handlerClass() + " "
                + (grace / 1_000_000) + " ms after their exec_timeout (" + config.execTimeout().toMillis()
                + " ms): it ignores interrupts");
    }

    /** With {@code ready_path}, the handler's own answer to {@code GET ready_path} must be 2xx. */
    @Override
    public boolean isReady() {
        if (config.readyPath().isEmpty()) {
            return true;
        }
        try {
            Response response = handler.handle(Request.builder().path(config.readyPath()).build());
            return response != null && response.status() >= 200 && response.status() < 300;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void stop() {
        try {
            handler.close();
        } catch (Exception e) {
            Log.error("handler " + config.handlerClass() + " failed to close", e);
        }
    }

    static FunctionHandler instantiate(String className, ClassLoader loader) throws ReflectiveOperationException {
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("handler class " + className + " is not on the classpath: set "
                    + WatchdogSettings.HANDLER_CLASS + " to your handler's fully qualified class name", e);
        }
        if (!FunctionHandler.class.isAssignableFrom(type)) {
            throw new IllegalStateException("handler class " + className + " does not implement "
                    + FunctionHandler.class.getName());
        }
        try {
            return (FunctionHandler) type.getDeclaredConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("handler class " + className + " needs a public no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the constructor of " + className + " failed: " + e.getCause(), e.getCause());
        }
    }
}
