package io.jfaas.provider;

/** A provider's refusal or failure, with a kind the routes map to a status code and a message for the client. */
public final class ProviderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, in the client's terms. */
    public enum Kind {
        /** The request is wrong: 400. */
        INVALID,
        /** The request is not allowed at all (the kube-system namespace): 401, as OpenFaaS answers. */
        FORBIDDEN,
        /** A parameter that cannot be read (a log query's tail or since): 422. */
        UNPROCESSABLE,
        /** No such function: 404. */
        NOT_FOUND,
        /** The function exists already: 409. */
        CONFLICT,
        /** The function cannot serve now: 503. */
        UNAVAILABLE,
        /**
         * The function has 0 desired replicas: the gateway wakes it (scale from zero); a client sees 503 only when
         * scale from zero is off.
         */
        SCALED_TO_ZERO,
        /** Too many calls wait for the function already: 429, to be tried again later. */
        OVERLOADED,
        /** The provider failed: 500. */
        INTERNAL;

        /** The status code every provider and the gateway answer for this kind. */
        public int status() {
            return switch (this) {
                case INVALID -> 400;
                case FORBIDDEN -> 401;
                case UNPROCESSABLE -> 422;
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
                case UNAVAILABLE, SCALED_TO_ZERO -> 503;
                case OVERLOADED -> 429;
                case INTERNAL -> 500;
            };
        }
    }

    private final Kind kind;

    public ProviderException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ProviderException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** No such function: the same words from every provider. */
    public static ProviderException functionNotFound(io.jfaas.model.FunctionRef ref) {
        return new ProviderException(Kind.NOT_FOUND, "function " + ref + " not found");
    }

    /** The function exists already (a create of an existing one). */
    public static ProviderException functionExists(io.jfaas.model.FunctionRef ref) {
        return new ProviderException(Kind.CONFLICT, "function " + ref + " already exists: update it with PUT"
                + " /system/functions (faas-cli deploy does)");
    }

    /** No such secret. */
    public static ProviderException secretNotFound(String name, String namespace) {
        return new ProviderException(Kind.NOT_FOUND, "secret " + name + " not found in namespace " + namespace);
    }

    /** The secret exists already. */
    public static ProviderException secretExists(String name, String namespace) {
        return new ProviderException(Kind.CONFLICT, "secret " + name + " already exists in namespace " + namespace);
    }
}
