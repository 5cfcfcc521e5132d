package io.jfaas.operator.reconcile;

/**
 * Why a Function cannot be turned into a Deployment: a condition reason ({@code SecretNotFound},
 * {@code InvalidQuantity}, ...) and a message naming the field. Written into the Function's status, and returned as a
 * 400 by the provider API.
 */
public final class SpecProblem extends Exception {

    private static final long serialVersionUID = 1L;

    public static final String SECRET_NOT_FOUND = "SecretNotFound";
    public static final String INVALID_QUANTITY = "InvalidQuantity";
    public static final String INVALID_CONSTRAINT = "InvalidConstraint";
    public static final String INVALID_NAME = "InvalidName";
    public static final String INVALID_LABEL = "InvalidLabel";
    public static final String INVALID_ANNOTATION = "InvalidAnnotation";
    public static final String INVALID_ENVIRONMENT = "InvalidEnvironment";
    public static final String RESOURCE_EXISTS = "ErrResourceExists";
    /** The API server refused a child (422); the message is the server's. */
    public static final String INVALID_SPEC = "InvalidSpec";

    private final String reason;

    public SpecProblem(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** The condition reason, CamelCase as Kubernetes wants it. */
    public String reason() {
        return reason;
    }
}
