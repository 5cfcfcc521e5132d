package io.jfaas.model;

import io.jfaas.contracts.NatsEnvelope;
import io.jfaas.contracts.WatchdogSettings;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How {@code /function/NAME} reaches a function: over HTTP to one replica, or as a NATS request on the function's
 * subject ({@link #subject}) that all its replicas serve as one queue group. The one place that decides it, for the
 * gateway (which sends calls) and the operator (which makes a function's pods serve its subject): the function's
 * {@value #ANNOTATION} annotation ({@code nats} or {@code http}) if it has one, else the service's {@value #SETTING}
 * (default {@code http}). NATS needs a server ({@code JFAAS_NATS_URL}); without one every function is called over
 * HTTP.
 *
 * @param defaultKind the transport of functions without the annotation
 * @param natsUrl     the NATS server replicas connect to, when there is one
 */
public record SyncTransport(Kind defaultKind, Optional<String> natsUrl) {

    /** The gateway's and the operator's setting. */
    public static final String SETTING = "JFAAS_SYNC_TRANSPORT";
    /** A function's annotation, overriding the setting. */
    public static final String ANNOTATION = "com.jfaas.transport";

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
        return value == null ? defaultKind : Kind.parse(ANNOTATION, value);
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
                ? Optional.of(NatsEnvelope.subject(ref.namespace(), ref.name())) : Optional.empty();
    }

    /**
     * The watchdog settings that make a replica of the function serve its subject ({@link WatchdogSettings#NATS_URL},
     * {@link WatchdogSettings#NATS_SUBJECT}), or none when it is called over HTTP.
     */
    public Map<String, String> replicaEnvironment(FunctionRef ref, Map<String, String> annotations) {
        return subjectOf(ref, annotations)
                .map(subject -> Map.of(WatchdogSettings.NATS_URL, natsUrl.orElseThrow(), WatchdogSettings.NATS_SUBJECT,
                        subject))
                .orElse(Map.of());
    }

    /** Never the NATS URL's credentials: configuration records that hold this one are logged. */
    @Override
    public String toString() {
        return "SyncTransport[defaultKind=" + defaultKind + ", natsUrl="
                + natsUrl.map(NatsEnvelope::withoutCredentials) + "]";
    }

    /** The problem with a deployment's {@value #ANNOTATION} annotation, if it has one. */
    public static Optional<String> annotationProblem(FunctionDeployment deployment) {
        return annotationProblem(deployment.annotations());
    }

    /** The problem with the {@value #ANNOTATION} annotation among these (may be null), if there is one. */
    public static Optional<String> annotationProblem(Map<String, String> annotations) {
        try {
            if (annotations != null && annotations.containsKey(ANNOTATION)) {
                Kind.parse(ANNOTATION, annotations.get(ANNOTATION));
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }
}
