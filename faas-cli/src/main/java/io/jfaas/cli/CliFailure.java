package io.jfaas.cli;

/**
 * A failure the user can act on: its message is printed as it is (first letter upper-case, as faas-cli prints) and
 * the command exits 1. Never carries a stack trace to the terminal.
 */
public final class CliFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CliFailure(String message) {
        super(message);
    }

    public CliFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
