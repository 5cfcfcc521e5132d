package io.jfaas.operator.cluster;

import java.util.Arrays;
import java.util.List;

/**
 * What the API server's authorizer sees of a request (Kubernetes' {@code RequestInfo}): a verb, an API group, a
 * resource with its subresource, a namespace and a name; or a non-resource path ({@code /version}, discovery).
 *
 * @param resourceRequest false for non-resource paths, which every authenticated user may GET
 * @param verb            get, list, watch, create, update, patch, delete or deletecollection
 * @param group           "" for the core group
 * @param resource        the plural, e.g. {@code deployments}
 * @param subresource     e.g. {@code scale}, {@code status}, {@code log}; "" when none
 * @param namespace       "" for cluster-scoped requests
 * @param name            "" for collections
 */
public record RequestAttributes(boolean resourceRequest, String verb, String group, String resource,
                                String subresource, String namespace, String name) {

    /** The attributes of {@code method path?query}, mapped as the API server's {@code RequestInfoFactory} does. */
    public static RequestAttributes of(String method, String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
        List<String> parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
        String group;
        List<String> rest;
        if (parts.size() >= 2 && parts.get(0).equals("api")) {
            group = "";
            rest = parts.subList(2, parts.size());
        } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
            group = parts.get(1);
            rest = parts.subList(3, parts.size());
        } else {
            return new RequestAttributes(false, method.toLowerCase(), "", "", "", "", "");
        }
        if (rest.isEmpty()) {
            return new RequestAttributes(false, method.toLowerCase(), "", "", "", "", "");
        }
        String namespace = "";
        if (rest.get(0).equals("namespaces") && rest.size() >= 3) {
            namespace = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        String resource = rest.get(0);
        String name = rest.size() >= 2 ? rest.get(1) : "";
        String subresource = rest.size() >= 3 ? rest.get(2) : "";
        if (resource.equals("namespaces") && !name.isEmpty()) {
            // a namespace is its own namespace
            namespace = name;
        }
        boolean watch = Arrays.stream(query.split("&")).anyMatch(p -> p.equals("watch=true") || p.equals("watch=1"));
        String verb = switch (method.toUpperCase()) {
            case "GET", "HEAD" -> watch ? "watch" : name.isEmpty() ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name.isEmpty() ? "deletecollection" : "delete";
            default -> method.toLowerCase();
        };
        return new RequestAttributes(true, verb, group, resource, subresource, namespace, name);
    }

    /** {@code resource} or {@code resource/subresource}, as RBAC rules name them. */
    public String qualifiedResource() {
        return subresource.isEmpty() ? resource : resource + "/" + subresource;
    }

    @Override
    public String toString() {
        if (!resourceRequest) {
            return verb + " (non-resource)";
        }
        return verb + " " + (group.isEmpty() ? "" : group + "/") + qualifiedResource()
                + (namespace.isEmpty() ? "" : " in " + namespace) + (name.isEmpty() ? "" : " (" + name + ")");
    }
}
