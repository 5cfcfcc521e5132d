package io.jfaas.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two operator replicas share a Lease: one reconciles, the other takes over when it stops. */
@EnableKubernetesMockClient(crud = true)
class LeaderElectionIT {

    KubernetesClient client;
    KubernetesMockServer server;

    /** JOSDK checks its Lease permissions with a SelfSubjectRulesReview, which the CRUD mock cannot answer. */
    @BeforeEach
    void grantLeaseAccess() {
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewStatus()
                        .addNewResourceRule().withApiGroups("coordination.k8s.io").withResources("leases")
                        .withVerbs("get", "create", "update").endResourceRule()
                        .withIncomplete(false).endStatus().build())
                .always();
    }

    static OperatorConfig replica(String identity) {
        Map<String, String> env = new HashMap<>();
        env.put("JFAAS_SERVER_SIDE_APPLY", "false");
        env.put("JFAAS_LEASE_DURATION", "3s");
        env.put("POD_NAME", identity);
        env.put("JFAAS_AUTOSCALE", "false");
        return OperatorConfig.fromEnv(env);
    }

    String holder() {
        Lease lease = client.leases().inNamespace("openfaas-fn").withName("jfaas-operator").get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    @Test
    void one_of_two_replicas_leads_and_the_other_takes_over_when_it_stops() {
        FunctionOperator a = new FunctionOperator(client, replica("operator-a"));
        FunctionOperator b = new FunctionOperator(client, replica("operator-b"));
        try {
            a.start();
            b.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> holder() != null);
            String leader = holder();
            assertThat(leader).isIn("operator-a", "operator-b");

            client.resource(FunctionOperatorIT.function("first", "img")).create();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> client.apps().deployments().inNamespace("openfaas-fn").withName("first").get() != null);
            assertThat(holder()).as("the lease stays with one replica").isEqualTo(leader);

            (leader.equals("operator-a") ? a : b).close();
            String follower = leader.equals("operator-a") ? "operator-b" : "operator-a";
            await().atMost(Duration.ofSeconds(30)).until(() -> follower.equals(holder()));

            client.resource(FunctionOperatorIT.function("second", "img")).create();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> client.apps().deployments().inNamespace("openfaas-fn").withName("second").get() != null);
        } finally {
            a.close();
            b.close();
        }
    }
}
