package io.jfaas.gateway.invoke;

import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.FunctionRef;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How {@code /function/NAME} reaches a function: over HTTP to one replica, or as a NATS request on the function's
 * subject ({@link #subject}) that all its replicas serve as one queue group. The one place that decides it: the
 * function's {@value #ANNOTATION} annotation ({@code nats} or {@code http}) if it has one, else the gateway's
 * {@value #SETTING} (default {@code http}). NATS needs a server: the gateway's {@code JFAAS_NATS_URL}, or the
 * {@code nats-server} a local gateway starts.
 *
 * @param gatewayDefault the transport of functions without the annotation
 * @param natsUrl the NATS server replicas connect to, when the gateway has one
 */
public record SyncTransport(Kind gatewayDefault, Optional<String> natsUrl) {

    /** The gateway's setting. */
    public static final String SETTING = "JFAAS_SYNC_TRANSPORT";
    /** A function's annotation, overriding the setting. */
    public static final String ANNOTATION = "com.jfaas.transport";
    /** Every function's subject starts with this, then {@code NAMESPACE.NAME}. */
    public static final String SUBJECT_PREFIX = "jfaas.invoke.";

    /** The two transports. */
    public enum Kind {
        HTTP, NATS;

        /** {@code http} or {@code nats} (any case); else an error naming {@code key}. */
        public static Kind parse(String key, String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "http" -> HTTP;
                case "nats" -> NATS;
                default -> throw new IllegalArgumentException(key + ": \"" + value + "\" is not a transport: use http"
                        + " or nats");
            };
        }
    }

    /** HTTP for every function, and no NATS. */
    public static final SyncTransport HTTP_ONLY = new SyncTransport(Kind.HTTP, Optional.empty());

    /** The transport a deployment asks for; an invalid annotation fails naming it (deployments are checked first). */
    public Kind kindOf(FunctionDeployment deployment) {
        return kindOf(deployment.annotations());
    }

    /** The transport a function with these annotations (may be null) is called over. */
    public Kind kindOf(Map<String, String> annotations) {
        String value = annotations == null ? null : annotations.get(ANNOTATION);
        return value == null ? gatewayDefault : Kind.parse(ANNOTATION, value);
    }

    /** The subject a deployment's replicas serve, or empty when it is called over HTTP. */
    public Optional<String> subjectOf(FunctionDeployment deployment) {
        return subjectOf(new FunctionRef(deployment.service(), deployment.namespace()), deployment.annotations());
    }

    /**
     * The subject calls to a function with these annotations go to, or empty when it is called over HTTP. An
     * annotation that is not a transport (only possible for a function deployed around the gateway) counts as HTTP.
     */
    public Optional<String> subjectOf(FunctionRef ref, Map<String, String> annotations) {
        Kind kind;
        try {
            kind = kindOf(annotations);
        } catch (IllegalArgumentException e) {
            kind = Kind.HTTP;
        }
        return kind == Kind.NATS && natsUrl.isPresent()
                ? Optional.of(subject(ref.namespace(), ref.name())) : Optional.empty();
    }

    /** A function's subject: {@code jfaas.invoke.NAMESPACE.NAME} (both DNS labels, so valid subject tokens). */
    public static String subject(String namespace, String name) {
        return SUBJECT_PREFIX + namespace + "." + name;
    }

    /** The problem with a deployment's {@value #ANNOTATION} annotation, if it has one. */
    public static Optional<String> annotationProblem(FunctionDeployment deployment) {
        try {
            Map<String, String> annotations = deployment.annotations();
            if (annotations != null && annotations.containsKey(ANNOTATION)) {
                Kind.parse(ANNOTATION, annotations.get(ANNOTATION));
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }
}
