package io.jfaas.operator.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * fabric8's CRUD mock server behind the chart's RBAC ({@link AuthorizingDispatcher}): {@link #admin()} is the test's
 * cluster-admin client; {@link #operator()} authenticates as the operator's service account and may do only what the
 * chart grants it. What was denied, and which grants nothing used, can be read at any time.
 */
public final class AuthorizedCluster implements AutoCloseable {

    private static final Map<Map<String, String>, List<ChartRbac.Grant>> RENDERED = new ConcurrentHashMap<>();

    private final KubernetesMockServer server;
    private final AuthorizingDispatcher authorizer;
    private final KubernetesClient admin;
    private final KubernetesClient operator;

    private AuthorizedCluster(List<ChartRbac.Grant> grants) {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        authorizer = new AuthorizingDispatcher(new KubernetesMixedDispatcher(responses), grants);
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses,
                authorizer, false);
        server.init();
        admin = server.createClient();
        operator = new KubernetesClientBuilder().withConfig(operatorConfig()).build();
    }

    /** The mock server behind the operator's grants with the chart's default values. */
    public static AuthorizedCluster withChartDefaults() {
        return withChart(Map.of());
    }

    /** The mock server behind the operator's grants with the chart rendered with {@code values}. */
    public static AuthorizedCluster withChart(Map<String, String> values) {
        return new AuthorizedCluster(RENDERED.computeIfAbsent(Map.copyOf(values), ChartRbac::operatorGrants));
    }

    /** The mock server behind exactly {@code grants}. */
    public static AuthorizedCluster withGrants(List<ChartRbac.Grant> grants) {
        return new AuthorizedCluster(grants);
    }

    /** The grants of the chart rendered with {@code values}. */
    public static List<ChartRbac.Grant> chartGrants(Map<String, String> values) {
        return RENDERED.computeIfAbsent(Map.copyOf(values), ChartRbac::operatorGrants);
    }

    /** The test's own client: cluster-admin, as {@code kubectl} run by the person installing the chart. */
    public KubernetesClient admin() {
        return admin;
    }

    /** A client that is the operator's service account. */
    public KubernetesClient operator() {
        return operator;
    }

    /** The client configuration of the operator's service account (the server's URL and its token). */
    public Config operatorConfig() {
        return new ConfigBuilder(admin.getConfiguration()).withOauthToken(AuthorizingDispatcher.OPERATOR_TOKEN)
                .build();
    }

    /**
     * A kubeconfig file for a process that is the operator's service account, written to {@code file}.
     *
     * @return {@code file}
     */
    public Path writeOperatorKubeconfig(Path file) {
        try {
            Files.writeString(file, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                      - name: mock
                        cluster: {server: "%s"}
                    users:
                      - name: jfaas-operator
                        user: {token: "%s"}
                    contexts:
                      - name: mock
                        context: {cluster: mock, user: jfaas-operator, namespace: openfaas}
                    current-context: mock
                    """.formatted(admin.getConfiguration().getMasterUrl(), AuthorizingDispatcher.OPERATOR_TOKEN));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every request of the operator that RBAC refused, in order. */
    public List<RequestAttributes> denied() {
        return authorizer.denied();
    }

    /** Each verb on each resource the chart grants that no request of the operator has needed so far. */
    public List<String> unused() {
        return authorizer.unused();
    }

    /** While on, the API server answers the operator with 503 only. */
    public void outage(boolean on) {
        authorizer.outage(on);
    }

    public KubernetesMockServer server() {
        return server;
    }

    @Override
    public void close() {
        operator.close();
        admin.close();
        server.destroy();
    }
}
