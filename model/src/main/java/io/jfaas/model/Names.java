package io.jfaas.model;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The naming rules for functions, namespaces, secrets, labels and annotations, and the reasons a name breaks them.
 */
public final class Names {

    /** The namespace functions go to when none is given, as in OpenFaaS. */
    public static final String DEFAULT_NAMESPACE = "openfaas-fn";

    /** A namespace no function may be deployed to, listed in or removed from. */
    public static final String FORBIDDEN_NAMESPACE = "kube-system";

    /** Kubernetes' qualified names: label and annotation keys, and label values. */
    private static final int QUALIFIED_NAME_MAX = 63;
    private static final int PREFIX_MAX = 253;
    private static final Pattern QUALIFIED_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final String QUALIFIED_NAME_RULE = "must be 63 characters or less, begin and end with an"
            + " alphanumeric character, and hold only alphanumerics, '-', '_' or '.'";

    /** The rule {@link #isDns1123Label} checks by hand (Kubernetes' own pattern). */
    static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final int MAX_LABEL_LENGTH = 63;
    private static final Pattern DNS_1123_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    private static final int MAX_SUBDOMAIN_LENGTH = 253;
    private static final String DNS_1123_RULE = "must be a DNS-1123 label: at most 63 characters, only lower-case"
            + " letters, digits and '-', starting and ending with a letter or digit";

    private Names() {
    }

    /** True for a valid DNS-1123 label, the rule for function, namespace and secret names. */
    public static boolean isDns1123Label(String name) {
        // by hand rather than with DNS_1123_LABEL: the gateway checks every call's function name and namespace
        if (name == null || name.isEmpty() || name.length() > MAX_LABEL_LENGTH) {
            return false;
        }
        int last = name.length() - 1;
        for (int i = 0; i <= last; i++) {
            char c = name.charAt(i);
            boolean alphanumeric = c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
            if (!alphanumeric && (c != '-' || i == 0 || i == last)) {
                return false;
            }
        }
        return true;
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

    /** Why {@code key} is not a label or annotation key (Kubernetes' qualified name, {@code [prefix/]name}), or empty. */
    public static Optional<String> qualifiedNameProblem(String key) {
        if (key == null || key.isEmpty()) {
            return Optional.of("a key must not be empty");
        }
        String name = key;
        int slash = key.indexOf('/');
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty() || prefix.length() > PREFIX_MAX || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                return Optional.of("\"" + key + "\": the prefix must be a lowercase DNS subdomain of at most 253"
                        + " characters");
            }
        }
        if (name.isEmpty() || name.length() > QUALIFIED_NAME_MAX || !QUALIFIED_NAME.matcher(name).matches()) {
            return Optional.of("\"" + key + "\": the name part " + QUALIFIED_NAME_RULE);
        }
        return Optional.empty();
    }

    /** Why {@code value} is not a label value (Kubernetes' rule; empty is allowed), or empty. */
    public static Optional<String> labelValueProblem(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        if (value.length() > QUALIFIED_NAME_MAX || !QUALIFIED_NAME.matcher(value).matches()) {
            return Optional.of("\"" + value + "\": a label value " + QUALIFIED_NAME_RULE);
        }
        return Optional.empty();
    }
}
