package io.jfaas.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.jfaas.operator.provider.BasicAuth;
import io.jfaas.operator.provider.ProviderApi;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator process: reads {@link OperatorConfig} once, connects to the cluster (in-cluster service account, else
 * {@code ~/.kube/config}), starts the reconciler and the provider API, and stops both on SIGTERM.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        OperatorConfig config;
        try {
            config = OperatorConfig.fromEnv(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("jfaas operator: " + e.getMessage());
            System.exit(2);
            return;
        }
        LOG.info("configuration: {}", config);
        BasicAuth auth;
        try {
            auth = config.basicAuth() ? BasicAuth.read(config.secretMountPath()) : null;
        } catch (IOException e) {
            System.err.println("jfaas operator: " + e.getMessage());
            System.exit(2);
            return;
        }
        KubernetesClient client = new KubernetesClientBuilder().build();
        FunctionOperator operator = new FunctionOperator(client, config);
        ProviderApi api = ProviderApi.start(client, config.port(), auth, config.functionNamespace());
        operator.start();
        LOG.info("provider API on port {}; reconciling Functions in {}", api.port(),
                config.watchNamespaces().isEmpty() ? "all namespaces" : config.watchNamespaces());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            api.close();
            operator.close();
            client.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }
}
