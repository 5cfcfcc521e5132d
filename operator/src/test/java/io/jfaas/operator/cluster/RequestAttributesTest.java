package io.jfaas.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestAttributesTest {

    @Test
    void requests_map_to_verbs_and_resources_as_the_api_server_maps_them() {
        assertThat(RequestAttributes.of("PATCH", "/apis/coordination.k8s.io/v1/namespaces/ns/leases/l")).hasToString(
                "patch coordination.k8s.io/leases in ns (l)");
        assertThat(RequestAttributes.of("GET", "/apis/apps/v1/namespaces/ns/deployments?labelSelector=a")).hasToString(
                "list apps/deployments in ns");
        assertThat(RequestAttributes.of("GET", "/apis/apps/v1/namespaces/ns/deployments?watch=true&rv=1"))
                .hasToString("watch apps/deployments in ns");
        assertThat(RequestAttributes.of("PUT", "/apis/apps/v1/namespaces/ns/deployments/d/scale")).hasToString(
                "update apps/deployments/scale in ns (d)");
        assertThat(RequestAttributes.of("GET", "/api/v1/namespaces/ns/pods/p/log?container=c")).hasToString(
                "get pods/log in ns (p)");
        assertThat(RequestAttributes.of("GET", "/api/v1/namespaces")).hasToString("list namespaces");
        assertThat(RequestAttributes.of("GET", "/api/v1/namespaces/team-a")).hasToString(
                "get namespaces in team-a (team-a)");
        assertThat(RequestAttributes.of("GET", "/apis/openfaas.com/v1/functions")).hasToString(
                "list openfaas.com/functions");
        assertThat(RequestAttributes.of("POST", "/api/v1/namespaces/ns/secrets")).hasToString("create secrets in ns");
        assertThat(RequestAttributes.of("DELETE", "/api/v1/namespaces/ns/secrets")).hasToString(
                "deletecollection secrets in ns");
        assertThat(RequestAttributes.of("GET", "/version").resourceRequest()).isFalse();
        assertThat(RequestAttributes.of("GET", "/apis/apps/v1").resourceRequest()).isFalse();
    }
}
