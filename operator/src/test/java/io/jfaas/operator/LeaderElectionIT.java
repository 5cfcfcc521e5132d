package io.jfaas.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jfaas.operator.cluster.AuthorizedCluster;
import io.jfaas.operator.cluster.ChartRbac;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Leader election on the Lease, with the chart's RBAC enforced ({@link AuthorizedCluster}): the leader renews, a Lease
 * left by a replica that is gone is taken over, two replicas never both lead, and a lost lease is final.
 */
class LeaderElectionIT {

    static final String NS = "openfaas-fn";
    static final String LEASE = "jfaas-operator";
    static final Duration WAIT = Duration.ofSeconds(60);

    AuthorizedCluster cluster;
    KubernetesClient admin;

    @BeforeEach
    void start() {
        cluster = AuthorizedCluster.withChartDefaults();
        admin = cluster.admin();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    /** A replica configured as the chart configures it, with a short lease. */
    static OperatorConfig replica(String identity) {
        Map<String, String> env = new HashMap<>(FunctionOperatorIT.CHART_ENV);
        env.put("JFAAS_LEADER_ELECTION", "true");
        env.put("JFAAS_LEASE_DURATION", "3s");
        env.put("POD_NAME", identity);
        return OperatorConfig.fromEnv(env);
    }

    Lease lease() {
        return admin.leases().inNamespace(NS).withName(LEASE).get();
    }

    String holder() {
        Lease lease = lease();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    boolean deployed(String name) {
        return admin.apps().deployments().inNamespace(NS).withName(name).get() != null;
    }

    @Test
    void the_leader_renews_its_lease_past_its_duration_and_keeps_reconciling() {
        try (FunctionOperator a = new FunctionOperator(cluster.operator(), replica("operator-a"))) {
            a.start();
            await().atMost(WAIT).until(() -> "operator-a".equals(holder()));
            ZonedDateTime acquired = lease().getSpec().getAcquireTime();
            // three lease durations later the lease has been renewed by its holder, never lost
            await().atMost(WAIT).until(() -> lease().getSpec().getRenewTime().isAfter(acquired.plusSeconds(9)));
            assertThat(holder()).isEqualTo("operator-a");
            assertThat(a.leading()).isTrue();
            assertThat(a.health()).isEmpty();

            admin.resource(FunctionOperatorIT.function("after-renewals", "img")).create();
            await().atMost(WAIT).until(() -> deployed("after-renewals"));
            assertThat(cluster.denied()).isEmpty();
        }
    }

    @Test
    void a_lease_left_by_a_replica_that_is_gone_is_taken_over() {
        ZonedDateTime longAgo = ZonedDateTime.now().minusMinutes(10);
        admin.resource(new LeaseBuilder().withNewMetadata().withName(LEASE).withNamespace(NS).endMetadata()
                .withNewSpec().withHolderIdentity("operator-before-restart").withLeaseDurationSeconds(3)
                .withAcquireTime(longAgo).withRenewTime(longAgo).withLeaseTransitions(4).endSpec().build()).create();

        try (FunctionOperator a = new FunctionOperator(cluster.operator(), replica("operator-after-restart"))) {
            a.start();
            await().atMost(WAIT).until(() -> "operator-after-restart".equals(holder()));
            assertThat(lease().getSpec().getLeaseTransitions()).isEqualTo(5);

            admin.resource(FunctionOperatorIT.function("after-takeover", "img")).create();
            await().atMost(WAIT).until(() -> deployed("after-takeover"));
            assertThat(cluster.denied()).isEmpty();
        }
    }

    @Test
    void one_of_two_replicas_leads_and_the_other_takes_over_when_it_stops() {
        FunctionOperator a = new FunctionOperator(cluster.operator(), replica("operator-a"));
        FunctionOperator b = new FunctionOperator(cluster.operator(), replica("operator-b"));
        try {
            a.start();
            b.start();
            await().atMost(WAIT).until(() -> holder() != null && (a.leading() || b.leading()));
            String leader = holder();
            assertThat(leader).isIn("operator-a", "operator-b");
            FunctionOperator leading = leader.equals("operator-a") ? a : b;
            FunctionOperator following = leading == a ? b : a;

            admin.resource(FunctionOperatorIT.function("first", "img")).create();
            await().atMost(WAIT).until(() -> deployed("first"));
            assertThat(holder()).as("the lease stays with one replica").isEqualTo(leader);
            assertThat(leading.leading()).isTrue();
            assertThat(following.leading()).as("only one replica leads, so only one reconciles").isFalse();
            assertThat(following.health()).as("a replica waiting for the lease is healthy").isEmpty();

            leading.close();
            String follower = leader.equals("operator-a") ? "operator-b" : "operator-a";
            await().atMost(WAIT).until(() -> follower.equals(holder()) && following.leading());

            admin.resource(FunctionOperatorIT.function("second", "img")).create();
            await().atMost(WAIT).until(() -> deployed("second"));
            assertThat(cluster.denied()).isEmpty();
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void an_api_server_outage_longer_than_the_renew_deadline_loses_the_lease_for_good() throws Exception {
        CountDownLatch lost = new CountDownLatch(1);
        try (FunctionOperator a = new FunctionOperator(cluster.operator(), replica("operator-a"), lost::countDown)) {
            a.start();
            await().atMost(WAIT).until(() -> "operator-a".equals(holder()) && a.leading());
            assertThat(a.health()).isEmpty();

            cluster.outage(true);
            await().atMost(WAIT).until(() -> lost.getCount() == 0);
            cluster.outage(false);

            assertThat(a.leading()).isFalse();
            assertThat(a.health()).hasValueSatisfying(problem -> assertThat(problem).contains("lost the leader lease"));
        }
    }

    @Test
    void without_patch_on_leases_the_leader_loses_its_lease_at_its_first_renewal() {
        // the chart's grants as they were: leases get/create/update; fabric8 renews with a JSON merge patch
        List<ChartRbac.Grant> withoutPatch = AuthorizedCluster.chartGrants(Map.of()).stream()
                .map(g -> g.rule().getResources().contains("leases")
                        ? new ChartRbac.Grant(g.binding(), g.namespace(), new PolicyRuleBuilder(g.rule())
                                .withVerbs(g.rule().getVerbs().stream().filter(v -> !v.equals("patch")).toList())
                                .build())
                        : g)
                .toList();
        cluster.close();
        cluster = AuthorizedCluster.withGrants(withoutPatch);
        admin = cluster.admin();
        CountDownLatch lost = new CountDownLatch(1);
        try (FunctionOperator a = new FunctionOperator(cluster.operator(), replica("operator-a"), lost::countDown)) {
            a.start();
            await().atMost(WAIT).until(() -> lost.getCount() == 0);
            assertThat(cluster.denied()).anySatisfy(denied ->
                    assertThat(denied.toString()).startsWith("patch coordination.k8s.io/leases in openfaas-fn"));
            assertThat(a.health()).isPresent();
        }
    }
}
