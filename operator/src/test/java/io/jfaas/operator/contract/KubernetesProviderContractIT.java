package io.jfaas.operator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfaas.operator.cluster.AuthorizedCluster;
import io.jfaas.operator.provider.BasicAuth;
import io.jfaas.operator.provider.ProviderApi;
import io.jfaas.provider.ProviderContract;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The provider contract against the operator's provider API (the Kubernetes provider) on the mock API server, with
 * the chart's RBAC enforced.
 */
class KubernetesProviderContractIT extends ProviderContract {

    /** The port of the operator's provider API. */
    int apiPort() {
        return api.port();
    }

    static final String NS = "openfaas-fn";

    AuthorizedCluster cluster;
    ProviderApi api;

    @BeforeEach
    void start() throws Exception {
        cluster = AuthorizedCluster.withChartDefaults();
        api = ProviderApi.start(cluster.operator(), 0, new BasicAuth(USER, PASSWORD), NS, Set.of(NS),
                Optional::empty);
    }

    @AfterEach
    void stop() {
        api.close();
        try {
            assertThat(cluster.denied()).as("requests the chart's RBAC refused").isEmpty();
        } finally {
            cluster.close();
        }
    }

    @Override
    protected URI base() {
        return URI.create("http://127.0.0.1:" + api.port() + "/");
    }

    @Override
    protected String image() {
        return "ghcr.io/me/contract:1";
    }

}
