package io.jfaas.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one place that turns a failure into a message and an exit code. A {@link CliFailure} prints its message; bad
 * flags print what was wrong and how to get help; anything unexpected prints its type and message, never a stack
 * trace (set {@code FAAS_DEBUG=1} to see one). Messages start upper-case, as faas-cli prints them; all exit 1.
 */
final class FailureHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    static final int FAILED = 1;

    private final boolean debug;

    FailureHandler(boolean debug) {
        this.debug = debug;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        Throwable cause = ex instanceof UncheckedIOException unchecked ? unchecked.getCause() : ex;
        if (cause instanceof CliFailure) {
            err.println(capitalise(cause.getMessage()));
        } else if (cause instanceof IOException) {
            err.println(capitalise(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
        } else {
            err.println("Unexpected error: " + cause);
        }
        if (debug) {
            cause.printStackTrace(err);
        }
        err.flush();
        return FAILED;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        PrintWriter err = ex.getCommandLine().getErr();
        err.println(capitalise(ex.getMessage()));
        err.println("Run \"" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help\" for usage.");
        err.flush();
        return FAILED;
    }

    /** faas-cli's way: the first letter upper-case, unless the message starts with '[' or a line break. */
    static String capitalise(String message) {
        if (message == null || message.isEmpty() || message.startsWith("[") || message.startsWith("\n")
                || message.startsWith("-")) {
            return message;
        }
        return Character.toUpperCase(message.charAt(0)) + message.substring(1);
    }
}
