package io.jfaas.operator.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The authorizer in front of fabric8's mock server: a request of the operator's service account (bearer token
 * {@link #OPERATOR_TOKEN}) passes on to the mock only when one of the chart's {@link ChartRbac.Grant}s allows its
 * verb, resource and namespace, as the API server's RBAC authorizer decides; otherwise it gets the API server's 403.
 * Requests without that token are the test's own, as cluster-admin. {@code selfsubjectrulesreviews} are answered from
 * the grants, as the API server does. Every decision is recorded: the denials, and which grants were used.
 *
 * <p>It also mends one place where the mock is not an API server: a JSON merge patch (RFC 7386) replaces arrays, where
 * the mock appends to them. Merge patches are applied here to the stored object and written back as an update (with
 * the patch's resourceVersion, if it has one, as the precondition).
 */
final class AuthorizingDispatcher extends Dispatcher {

    static final String OPERATOR_TOKEN = "jfaas-operator-service-account-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Dispatcher store;
    private final List<ChartRbac.Grant> grants;
    private final List<RequestAttributes> denied = new CopyOnWriteArrayList<>();
    /** Each verb on each resource of each grant that a request needed. */
    private final Set<String> used = ConcurrentHashMap.newKeySet();
    private volatile boolean outage;

    AuthorizingDispatcher(Dispatcher store, List<ChartRbac.Grant> grants) {
        this.store = store;
        this.grants = List.copyOf(grants);
    }

    List<RequestAttributes> denied() {
        return List.copyOf(denied);
    }

    /** Every verb on every resource the grants allow that no request needed, as {@code "verb resource (grant)"}. */
    List<String> unused() {
        return grants.stream().flatMap(g -> g.rule().getResources().stream().flatMap(r -> g.rule().getVerbs().stream()
                .map(v -> permission(g, v, r)))).filter(p -> !used.contains(p)).toList();
    }

    private static String permission(ChartRbac.Grant grant, String verb, String resource) {
        return verb + " " + resource + " (" + grant + ")";
    }

    /** While on, every request of the operator gets 503, as from an API server that is down. */
    void outage(boolean on) {
        outage = on;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String authorization = request.getHeader("Authorization");
        boolean operator = ("Bearer " + OPERATOR_TOKEN).equals(authorization);
        if (!operator) {
            return forward(request);
        }
        if (outage) {
            return status(503, "ServiceUnavailable", "the API server is down (test outage)", null);
        }
        RequestAttributes attributes = RequestAttributes.of(request.getMethod(), request.getPath());
        if (!attributes.resourceRequest()) {
            // discovery and /version: system:discovery lets every authenticated user read them
            return forward(request);
        }
        if (attributes.group().equals("authorization.k8s.io")
                && attributes.resource().equals("selfsubjectrulesreviews") && attributes.verb().equals("create")) {
            return rulesReview(request);
        }
        List<ChartRbac.Grant> allowing = grants.stream().filter(g -> g.allows(attributes)).toList();
        if (allowing.isEmpty()) {
            denied.add(attributes);
            return forbidden(attributes);
        }
        allowing.forEach(g -> used.add(permission(g, attributes.verb(), attributes.qualifiedResource())));
        return forward(request);
    }

    /** To the mock's store, with merge patches applied as the API server applies them. */
    private MockResponse forward(RecordedRequest request) {
        String type = request.getHeader("Content-Type");
        if (!"PATCH".equalsIgnoreCase(request.getMethod()) || type == null || !type.contains("merge-patch+json")) {
            return store.dispatch(request);
        }
        try {
            String path = request.getPath();
            int query = path.indexOf('?');
            String target = query < 0 ? path : path.substring(0, query);
            String object = target.endsWith("/status") ? target.substring(0, target.length() - "/status".length())
                    : target;
            MockResponse current = store.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.GET, object,
                    request.getHeaders(), new Buffer()));
            if (current.code() != 200) {
                return current;
            }
            ObjectNode stored = (ObjectNode) JSON.readTree(current.getBody().getBytes());
            JsonNode patch = JSON.readTree(request.getUtf8Body());
            String precondition = patch.path("metadata").path("resourceVersion").asText("");
            String version = stored.path("metadata").path("resourceVersion").asText("");
            if (!precondition.isEmpty() && !precondition.equals(version)) {
                return status(409, "Conflict", "Operation cannot be fulfilled on " + target
                        + ": the object has been modified; please apply your changes to the latest version and"
                        + " try again", null);
            }
            JsonNode merged = merge(stored, patch);
            ((ObjectNode) merged.path("metadata")).put("resourceVersion", version);
            return store.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.PUT, target, request.getHeaders(),
                    new Buffer(JSON.writeValueAsBytes(merged))));
        } catch (Exception e) {
            return status(400, "BadRequest", "not a merge patch: " + e.getMessage(), null);
        }
    }

    /** RFC 7386: objects merge member by member, null removes, anything else (arrays too) replaces. */
    static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = patch.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), merge(result.get(field.getKey()), field.getValue()));
            }
        }
        return result;
    }

    private MockResponse rulesReview(RecordedRequest request) {
        try {
            ObjectNode review = (ObjectNode) JSON.readTree(request.getUtf8Body());
            String namespace = review.path("spec").path("namespace").asText("");
            ArrayNode rules = review.putObject("status").put("incomplete", false).putArray("resourceRules");
            for (ChartRbac.Grant grant : grants) {
                if (grant.namespace().isEmpty() || grant.namespace().equals(namespace)) {
                    JsonNode rule = JSON.valueToTree(grant.rule());
                    rules.add(rule);
                }
            }
            ((ObjectNode) review.get("status")).putArray("nonResourceRules");
            return new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json")
                    .setBody(JSON.writeValueAsString(review));
        } catch (Exception e) {
            return status(400, "BadRequest", "not a SelfSubjectRulesReview: " + e.getMessage(), null);
        }
    }

    private static MockResponse forbidden(RequestAttributes a) {
        String kind = a.group().isEmpty() ? a.resource() : a.resource() + "." + a.group();
        String message = (a.name().isEmpty() ? kind : kind + " \"" + a.name() + "\"") + " is forbidden: User \""
                + ChartRbac.USER + "\" cannot " + a.verb() + " resource \"" + a.qualifiedResource()
                + "\" in API group \"" + a.group() + "\""
                + (a.namespace().isEmpty() ? " at the cluster scope" : " in the namespace \"" + a.namespace() + "\"");
        ObjectNode details = JSON.createObjectNode().put("name", a.name()).put("group", a.group())
                .put("kind", a.resource());
        return status(403, "Forbidden", message, details);
    }

    private static MockResponse status(int code, String reason, String message, ObjectNode details) {
        ObjectNode status = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure").put("message", message).put("reason", reason);
        if (details != null) {
            status.set("details", details);
        }
        status.put("code", code);
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(status.toString());
    }

    @Override
    public void shutdown() {
        store.shutdown();
    }
}
