package io.jfaas.watchdog.runner;

import io.jfaas.function.FunctionContext;
import io.jfaas.function.FunctionHandler;
import io.jfaas.function.Request;
import io.jfaas.function.Response;
import io.jfaas.watchdog.config.WatchdogConfig;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The default mode: the user's handler, loaded into this JVM and called directly. With {@code exec_timeout}, each
 * call runs on a virtual thread of its own that is interrupted when time is up, and the client gets 504.
 */
final class JavaRunner implements FunctionRunner {

    private final WatchdogConfig config;
    private final FunctionContext context;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private FunctionHandler handler;

    JavaRunner(WatchdogConfig config, Map<String, String> env) {
        this.config = config;
        this.context = FunctionContext.of(config.functionName(), config.namespace(), env, config.secretsDir());
    }

    @Override
    public void start() throws Exception {
        handler = instantiate(config.handlerClass());
        handler.init(context);
    }

    @Override
    public void serve(Exchange exchange) throws IOException {
        Request request = exchange.readRequest();
        Response response;
        try {
            response = config.hasExecTimeout() ? callWithin(request) : handler.handle(request);
            if (response == null) {
                throw new IllegalStateException(config.handlerClass() + ".handle returned null instead of a Response");
            }
        } catch (TimeoutException e) {
            exchange.sendText(504, "function did not answer within exec_timeout (" + config.execTimeout().toMillis()
                    + " ms)\n", Exchange.INTERNAL_HEADER, "of-watchdog");
            return;
        } catch (Exception | LinkageError | StackOverflowError e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            Log.error("handler " + config.handlerClass() + " failed", cause);
            exchange.sendText(500, "Internal Server Error\n");
            return;
        }
        exchange.send(response, config.contentType());
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

    private Response callWithin(Request request) throws Exception {
        Future<Response> call = calls.submit(() -> handler.handle(request));
        try {
            return call.get(config.execTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw e;
        }
    }

    @Override
    public void stop() {
        calls.close();
        try {
            handler.close();
        } catch (Exception e) {
            Log.error("handler " + config.handlerClass() + " failed to close", e);
        }
    }

    static FunctionHandler instantiate(String className) throws ReflectiveOperationException {
        Class<?> type;
        try {
            type = Class.forName(className, true, JavaRunner.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("handler class " + className + " is not on the classpath: set "
                    + WatchdogConfig.HANDLER_CLASS + " to your handler's fully qualified class name", e);
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
