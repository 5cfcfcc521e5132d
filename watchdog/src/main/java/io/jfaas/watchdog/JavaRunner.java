package io.jfaas.watchdog;

import io.jfaas.function.FunctionContext;
import io.jfaas.function.FunctionHandler;
import io.jfaas.function.Response;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;

/** The default mode: the user's handler, loaded into this JVM and called directly. */
final class JavaRunner implements FunctionRunner {

    private final String handlerClass;
    private final FunctionContext context;
    private FunctionHandler handler;

    JavaRunner(WatchdogConfig config, Map<String, String> env) {
        this.handlerClass = config.handlerClass();
        this.context = FunctionContext.of(config.functionName(), config.namespace(), env);
    }

    @Override
    public void start() throws Exception {
        handler = instantiate(handlerClass);
        handler.init(context);
    }

    @Override
    public void serve(Invocation invocation) throws IOException {
        Response response;
        try {
            response = handler.handle(invocation.request());
            if (response == null) {
                throw new IllegalStateException(handlerClass + ".handle returned null instead of a Response");
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception | LinkageError | StackOverflowError e) {
            Log.error("handler " + handlerClass + " failed", e);
            invocation.sendText(500, "Internal Server Error\n");
            return;
        }
        invocation.send(response);
    }

    @Override
    public void stop() {
        try {
            handler.close();
        } catch (Exception e) {
            Log.error("handler " + handlerClass + " failed to close", e);
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
