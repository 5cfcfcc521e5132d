package io.jfaas.model;

import java.util.Optional;
import java.util.regex.Pattern;

/** The naming rules for functions, namespaces and secrets, and the reasons a name breaks them. */
public final class Names {

    /** The namespace functions go to when none is given, as in OpenFaaS. */
    public static final String DEFAULT_NAMESPACE = "openfaas-fn";

    /** A namespace no function may be deployed to, listed in or removed from. */
    public static final String FORBIDDEN_NAMESPACE = "kube-system";

    private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final int MAX_LABEL_LENGTH = 63;
    private static final Pattern DNS_1123_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    private static final int MAX_SUBDOMAIN_LENGTH = 253;
    private static final String DNS_1123_RULE = "must be a DNS-1123 label: at most 63 characters, only lower-case"
            + " letters, digits and '-', starting and ending with a letter or digit";

    private Names() {
    }

    /** True for a valid DNS-1123 label, the rule for function, namespace and secret names. */
    public static boolean isDns1123Label(String name) {
        return name != null && name.length() <= MAX_LABEL_LENGTH && DNS_1123_LABEL.matcher(name).matches();
    }

    /** Why {@code name} cannot name a function, or empty when it can. */
    public static Optional<String> functionNameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("service: is required");
        }
        if (!isDns1123Label(name)) {
            return Optional.of("service: (" + name + ") is invalid, " + DNS_1123_RULE);
        }
        return Optional.empty();
    }

    /** Why {@code name} cannot name a secret (a DNS-1123 subdomain, as Kubernetes Secrets), or empty when it can. */
    public static Optional<String> secretNameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("name: is required");
        }
        if (name.length() > MAX_SUBDOMAIN_LENGTH || !DNS_1123_SUBDOMAIN.matcher(name).matches()) {
            return Optional.of("name: (" + name + ") is invalid, must be a DNS-1123 subdomain: at most 253 characters,"
                    + " only lower-case letters, digits, '-' and '.', starting and ending with a letter or digit");
        }
        return Optional.empty();
    }

    /** Why {@code namespace} cannot hold functions, or empty when it can. */
    public static Optional<String> namespaceProblem(String namespace) {
        if (FORBIDDEN_NAMESPACE.equals(namespace)) {
            return Optional.of("namespace: " + FORBIDDEN_NAMESPACE + " is not allowed");
        }
        if (!isDns1123Label(namespace)) {
            return Optional.of("namespace: (" + namespace + ") is invalid, " + DNS_1123_RULE);
        }
        return Optional.empty();
    }
}
