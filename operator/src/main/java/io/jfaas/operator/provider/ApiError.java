package io.jfaas.operator.provider;

/** A request that fails with {@code status} and a plain-text message for the client. */
final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, message);
    }

    /** The contract's refusal, with its status code and words. */
    static ApiError of(io.jfaas.provider.ProviderException refusal) {
        return new ApiError(refusal.kind().status(), refusal.getMessage());
    }
}
