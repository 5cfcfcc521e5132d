package io.jfaas.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.jfaas.operator.crd.FunctionResource;
import io.jfaas.operator.crd.FunctionResourceStatus;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The control plane at 1,000 Functions: all are created against the CRUD mock server and the test waits until every
 * one has its Deployment and a Ready status. Prints the time and the heap (after GC) before and after.
 */
@EnableKubernetesMockClient(crud = true)
class ScaleIT {

    static final int FUNCTIONS = Integer.getInteger("scale.functions", 1000);

    KubernetesClient client;

    static long heapAfterGc(MemoryMXBean memory) {
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    long ready() {
        return client.resources(FunctionResource.class).inNamespace("openfaas-fn").list().getItems().stream()
                .filter(f -> f.getStatus() != null && f.getStatus().condition(FunctionResourceStatus.READY) != null
                        && "True".equals(f.getStatus().condition(FunctionResourceStatus.READY).getStatus()))
                .count();
    }

    @Test
    void a_thousand_functions_are_all_reconciled() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long heapBefore = heapAfterGc(memory);
        try (FunctionOperator operator = new FunctionOperator(client, FunctionOperatorIT.testConfig())) {
            operator.start();
            long start = System.nanoTime();
            try (ExecutorService creators = Executors.newFixedThreadPool(8)) {
                IntStream.range(0, FUNCTIONS).forEach(i -> creators.submit(() ->
                        client.resource(FunctionOperatorIT.function(String.format("fn-%04d", i), "img:" + i)).create()));
            }
            System.out.printf("scale: created in %.1f s%n", (System.nanoTime() - start) / 1e9);
            await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(5))
                    .until(() -> {
                        long ready = ready();
                        System.out.printf("scale: %.1f s, %d ready, %d deployments%n", (System.nanoTime() - start) / 1e9,
                                ready, client.apps().deployments().inNamespace("openfaas-fn").list().getItems().size());
                        if (ready > FUNCTIONS * 0.98) {
                            client.resources(FunctionResource.class).inNamespace("openfaas-fn").list().getItems().stream()
                                    .filter(f -> f.getStatus() == null || f.getStatus().condition(FunctionResourceStatus.READY) == null
                                            || !"True".equals(f.getStatus().condition(FunctionResourceStatus.READY).getStatus()))
                                    .limit(3).forEach(f -> System.out.println("scale: not ready " + f.getMetadata().getName()
                                            + " gen " + f.getMetadata().getGeneration() + " finalizers "
                                            + f.getMetadata().getFinalizers() + " ready " + (f.getStatus() == null ? null : f.getStatus().condition(FunctionResourceStatus.READY))));
                        }
                        return ready == FUNCTIONS;
                    });
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(client.apps().deployments().inNamespace("openfaas-fn").list().getItems()).hasSize(FUNCTIONS);
            assertThat(client.services().inNamespace("openfaas-fn").list().getItems()).hasSize(FUNCTIONS);
            long heapAfter = heapAfterGc(memory);
            System.out.printf("scale: %d Functions created and reconciled in %.1f s; heap after GC %d MiB before,"
                    + " %d MiB after (operator caches plus the mock server's store)%n", FUNCTIONS,
                    took.toMillis() / 1000.0, heapBefore >> 20, heapAfter >> 20);
        }
    }
}
