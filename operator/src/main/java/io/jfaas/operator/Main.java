package io.jfaas.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.jfaas.operator.provider.BasicAuth;
import io.jfaas.operator.provider.ProviderApi;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator process: reads {@link OperatorConfig} once, connects to the cluster (in-cluster service account, else
 * {@code ~/.kube/config}), starts the provider API and the reconciler, and stops both on SIGTERM. It exits with 1 when
 * the operator cannot start (a missing CRD or permission, no API server) and when it loses its leader lease (its
 * elector cannot compete again; the restarted process can), and with 2 on a bad setting.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    /** Exit status for an operator that cannot start or has lost its lease. */
    static final int EXIT_FAILED = 1;
    /** Exit status for a bad setting. */
    static final int EXIT_CONFIG = 2;

    private Main() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        OperatorConfig config;
        BasicAuth auth;
        try {
            config = OperatorConfig.fromEnv(System.getenv());
            auth = config.basicAuth() ? BasicAuth.read(config.secretMountPath()) : null;
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("jfaas operator: " + e.getMessage());
            System.exit(EXIT_CONFIG);
            return;
        }
        LOG.info("configuration: {}", config);
        CompletableFuture<Integer> failed = new CompletableFuture<>();
        KubernetesClient client = new KubernetesClientBuilder().build();
        FunctionOperator operator = new FunctionOperator(client, config, () -> {
            LOG.error("lost the leader lease {}/{}: exiting so that a new process can compete for it",
                    config.leaseNamespace(), config.leaseName());
            failed.complete(EXIT_FAILED);
        });
        // the API answers /healthz with 503 until the operator has started; its informers list first, and fail as the
        // operator's would (a permission missing, no API server)
        ProviderApi api;
        try {
            api = ProviderApi.start(client, config.port(), auth, config.functionNamespace(),
                    config.watchNamespaces(), operator::health);
        } catch (RuntimeException e) {
            LOG.error("the operator cannot start: {}", describe(e));
            System.exit(EXIT_FAILED);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            api.close();
            operator.close();
            client.close();
        }, "shutdown"));
        try {
            operator.start();
        } catch (RuntimeException e) {
            LOG.error("the operator cannot start: {}", describe(e));
            System.exit(EXIT_FAILED);
            return;
        }
        LOG.info("provider API on port {}; reconciling Functions in {}", api.port(),
                config.watchNamespaces().isEmpty() ? "all namespaces" : config.watchNamespaces());
        try {
            System.exit(failed.get());
        } catch (ExecutionException e) {
            System.exit(EXIT_FAILED);
        }
    }

    /** The messages of an exception and its causes, for one log line. */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append(": ").append(cause.getMessage());
        }
        return text.toString();
    }
}
