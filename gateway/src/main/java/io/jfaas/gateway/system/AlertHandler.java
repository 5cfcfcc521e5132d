package io.jfaas.gateway.system;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.gateway.http.HttpErrors;
import io.jfaas.provider.FunctionProvider;
import io.jfaas.provider.ProviderException;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.FunctionStatus;
import io.jfaas.scaling.ScalingPolicy;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

/**
 * {@code POST /system/alert}: OpenFaaS's AlertManager webhook, for users who keep its Prometheus alert
 * ({@code APIHighInvocationRate}) and AlertManager route. For each alert, by its {@code function_name} label
 * ({@code name.namespace}): a firing alert adds {@code ceil(max × factor / 100)} replicas, up to
 * {@code com.openfaas.scale.max}; a resolved one (or a factor of 0) goes back to {@code com.openfaas.scale.min}. The
 * defaults are the historical open-source ones: min 1, max 20, factor 20 (CE caps max at 5 and factor at 10).
 * 200 when every alert was handled; 500 listing the alerts that were not; 400 for a body that is not a webhook.
 */
public final class AlertHandler implements Handler<RoutingContext> {

    private static final Logger LOG = Logger.getLogger(AlertHandler.class.getName());
    private static final String EXAMPLE = "{\"status\": \"firing\", \"alerts\": [{\"status\": \"firing\", \"labels\":"
            + " {\"function_name\": \"hello.openfaas-fn\"}}]}";

    /** The fields of AlertManager's webhook that matter here. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Webhook(String status, List<Alert> alerts) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Alert(String status, Map<String, String> labels) {
    }

    private final FunctionProvider provider;
    private final String defaultNamespace;
    private final JsonIo json;

    public AlertHandler(FunctionProvider provider, String defaultNamespace, ObjectMapper mapper) {
        this.provider = provider;
        this.defaultNamespace = defaultNamespace;
        this.json = new JsonIo(mapper);
    }

    @Override
    public void handle(RoutingContext ctx) {
        Replies.reply(ctx, () -> {
            Webhook webhook = json.read(ctx, Webhook.class, EXAMPLE);
            List<Alert> alerts = webhook.alerts() == null ? List.of() : webhook.alerts();
            List<CompletableFuture<String>> handled = new ArrayList<>();
            for (Alert alert : alerts) {
                handled.add(handle(alert, webhook.status()));
            }
            return CompletableFuture.allOf(handled.toArray(CompletableFuture[]::new))
                    .thenApply(all -> handled.stream().map(CompletableFuture::join).filter(e -> e != null).toList());
        }, errors -> {
            if (errors.isEmpty()) {
                ctx.response().setStatusCode(200).end();
            } else {
                HttpErrors.send(ctx, 500, String.join("\n", errors));
            }
        });
    }

    /** Scales for one alert; completes with null, or with what went wrong. */
    private CompletableFuture<String> handle(Alert alert, String webhookStatus) {
        String name = alert.labels() == null ? null : alert.labels().get("function_name");
        if (name == null || name.isBlank()) {
            return CompletableFuture.completedFuture("an alert has no function_name label");
        }
        FunctionRef ref = FunctionRef.parse(name, defaultNamespace);
        boolean firing = "firing".equals(alert.status() != null ? alert.status() : webhookStatus);
        return provider.status(ref)
                .thenCompose(status -> {
                    FunctionStatus function = status.orElseThrow(() -> new ProviderException(
                            ProviderException.Kind.NOT_FOUND, "function " + ref + " not found"));
                    long current = function.replicas();
                    long wanted = replicas(ScalingPolicy.fromLabelsOrDefault(function.labels()), current, firing);
                    if (wanted == current) {
                        return CompletableFuture.completedFuture((String) null);
                    }
                    LOG.info("alert " + (firing ? "firing" : "resolved") + " for " + ref + ": scaling " + current
                            + " → " + wanted);
                    return provider.scale(ref, wanted).thenApply(done -> (String) null);
                })
                .exceptionally(failure -> "cannot scale " + ref + ": " + HttpErrors.unwrap(failure).getMessage());
    }

    /** The historical rule: a firing alert adds a step of {@code factor}% of max; anything else goes to min. */
    static long replicas(ScalingPolicy policy, long current, boolean firing) {
        long step = (long) Math.ceil(policy.max() / 100.0 * policy.factor());
        if (firing && step > 0) {
            return Math.min(current + step, policy.max());
        }
        return policy.activeMin();
    }
}
