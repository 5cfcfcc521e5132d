package io.jfaas.provider;

import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.FunctionNamespace;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.FunctionResources;
import io.jfaas.model.FunctionStatus;
import io.jfaas.model.LogMessage;
import io.jfaas.model.ProviderInfo;
import io.jfaas.model.Secret;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A back end that runs functions. Every method returns at once; failures complete the future with a
 * {@link ProviderException} whose kind the routes turn into a status code. Deployments given to it carry their
 * namespace, already defaulted and checked, and their limits and requests in canonical form.
 */
public interface FunctionProvider {

    /** Who the provider is, for {@code /system/info}. */
    ProviderInfo info();

    /** The functions of a namespace. */
    CompletableFuture<List<FunctionStatus>> list(String namespace);

    /** The functions of every namespace the provider knows. */
    default CompletableFuture<List<FunctionStatus>> listAll() {
        return namespaces().thenCompose(namespaces -> {
            List<CompletableFuture<List<FunctionStatus>>> lists = namespaces.stream().map(this::list).toList();
            return CompletableFuture.allOf(lists.toArray(CompletableFuture[]::new))
                    .thenApply(all -> lists.stream().flatMap(list -> list.join().stream()).toList());
        });
    }

    /** One function, or empty when there is no such function. */
    CompletableFuture<Optional<FunctionStatus>> status(FunctionRef ref);

    /**
     * Whether the function exists, when what it is does not matter (an async call is checked so before it is
     * queued): a provider that has its functions at hand answers without making a {@link FunctionStatus}.
     */
    default CompletableFuture<Boolean> exists(FunctionRef ref) {
        return status(ref).thenApply(Optional::isPresent);
    }

    /** Creates a function; {@link ProviderException.Kind#CONFLICT} when it exists. */
    CompletableFuture<Void> deploy(FunctionDeployment deployment);

    /** Replaces a function's deployment; {@link ProviderException.Kind#NOT_FOUND} when it does not exist. */
    CompletableFuture<Void> update(FunctionDeployment deployment);

    /** Removes a function and everything it runs; {@link ProviderException.Kind#NOT_FOUND} when absent. */
    CompletableFuture<Void> remove(FunctionRef ref);

    /** Sets a function's desired replicas; 0 is allowed. {@link ProviderException.Kind#NOT_FOUND} when absent. */
    CompletableFuture<Void> scale(FunctionRef ref, long replicas);

    /** The namespaces functions can be deployed to, the default first. */
    CompletableFuture<List<String>> namespaces();

    /** A namespace functions can be deployed to, with its labels and annotations; empty when there is none. */
    CompletableFuture<Optional<FunctionNamespace>> namespace(String name);

    /** Creates a namespace; {@link ProviderException.Kind#CONFLICT} when it exists. */
    CompletableFuture<Void> createNamespace(FunctionNamespace namespace);

    /** Replaces a namespace's labels and annotations; {@link ProviderException.Kind#NOT_FOUND} when it does not exist. */
    CompletableFuture<Void> updateNamespace(FunctionNamespace namespace);

    /**
     * Removes a namespace; {@link ProviderException.Kind#NOT_FOUND} when it does not exist,
     * {@link ProviderException.Kind#CONFLICT} while it holds functions or secrets (nothing is removed with it), and
     * {@link ProviderException.Kind#INVALID} for the default namespace.
     */
    CompletableFuture<Void> deleteNamespace(String name);

    /** The secrets of a namespace, names and namespace only: values are never returned. */
    CompletableFuture<List<Secret>> listSecrets(String namespace);

    /** Creates a secret; {@link ProviderException.Kind#CONFLICT} when it exists. */
    CompletableFuture<Void> createSecret(Secret secret);

    /** Replaces a secret's value; {@link ProviderException.Kind#NOT_FOUND} when it does not exist. */
    CompletableFuture<Void> updateSecret(Secret secret);

    /** Removes a secret; {@link ProviderException.Kind#NOT_FOUND} when it does not exist. */
    CompletableFuture<Void> deleteSecret(String name, String namespace);

    /**
     * Streams a function's log lines to {@code onMessage} (from another thread): the history the query selects, then,
     * with follow, new lines as they are printed. {@link ProviderException.Kind#NOT_FOUND} for an unknown function.
     */
    CompletableFuture<LogStream> logs(LogQuery query, Consumer<LogMessage> onMessage);

    /**
     * Where to send one invocation: a replica ready to serve it, waiting for one to become ready if the function is
     * starting. {@link ProviderException.Kind#NOT_FOUND} for an unknown function;
     * {@link ProviderException.Kind#UNAVAILABLE} when no replica became ready in time;
     * {@link ProviderException.Kind#SCALED_TO_ZERO} at once when the function has 0 desired replicas (the gateway then
     * scales it up and asks again). The caller releases the
     * upstream when the call is over.
     */
    CompletableFuture<Upstream> resolve(FunctionRef ref);

    /**
     * What of these limits and requests the provider accepts but does not enforce, said plainly for the caller (the
     * routes send it as a {@code Warning} header); empty when it enforces them all.
     */
    default Optional<String> unenforced(FunctionResources limits, FunctionResources requests) {
        return Optional.empty();
    }

    /**
     * {@link #unenforced(FunctionResources, FunctionResources)} for one deployed function, for a provider whose
     * functions differ in what they enforce (local mode's containers enforce what its child JVMs do not).
     */
    default Optional<String> unenforced(FunctionRef ref, FunctionResources limits,
                                        FunctionResources requests) {
        return unenforced(limits, requests);
    }

    /** Stops whatever the provider runs in this process. */
    CompletableFuture<Void> close();
}
