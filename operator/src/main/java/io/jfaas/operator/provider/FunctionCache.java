package io.jfaas.operator.provider;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.Labels;
import io.jfaas.operator.crd.FunctionResource;
import io.jfaas.operator.reconcile.Children;
import io.jfaas.provider.Endpoint;
import io.jfaas.provider.EndpointsUpdate;
import io.jfaas.provider.FunctionEndpoints;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The provider API's view of the cluster, from informers (list once, then watch): Functions, their Deployments and
 * their Services' EndpointSlices, in the namespaces the operator watches. Reads on the invocation path (a function's
 * status, its ready endpoints) are served from here and never reach the API server. Each change to what a function's
 * callers need ({@link FunctionEndpoints}) is passed to every subscriber of the endpoints feed.
 *
 * <p>These informers are the provider API's own, apart from the reconciler's: they run on every operator replica,
 * leader or not, so any replica can serve the gateway.
 */
final class FunctionCache implements AutoCloseable {

    /** The label Kubernetes puts on an EndpointSlice naming its Service. */
    static final String SERVICE_NAME = "kubernetes.io/service-name";
    private static final String BY_SERVICE = "service";

    private final Informed<FunctionResource> functions;
    private final Informed<Deployment> deployments;
    private final Informed<EndpointSlice> slices;
    /** What subscribers were last told, per function; guarded by this. */
    private final Map<FunctionRef, FunctionEndpoints> sent = new HashMap<>();
    private final List<Consumer<EndpointsUpdate>> subscribers = new CopyOnWriteArrayList<>();

    private FunctionCache(KubernetesClient client, Set<String> namespaces) {
        functions = new Informed<>(namespaces, ns -> client.resources(FunctionResource.class).inNamespace(ns),
                client.resources(FunctionResource.class).inAnyNamespace(), Map.of());
        deployments = new Informed<>(namespaces,
                ns -> client.apps().deployments().inNamespace(ns).withLabel(Labels.FAAS_FUNCTION),
                client.apps().deployments().inAnyNamespace().withLabel(Labels.FAAS_FUNCTION), Map.of());
        slices = new Informed<>(namespaces,
                ns -> client.discovery().v1().endpointSlices().inNamespace(ns).withLabel(SERVICE_NAME),
                client.discovery().v1().endpointSlices().inAnyNamespace().withLabel(SERVICE_NAME),
                Map.of(BY_SERVICE, slice -> List.of(key(slice.getMetadata().getNamespace(),
                        slice.getMetadata().getLabels().getOrDefault(SERVICE_NAME, "")))));
        functions.onChange(f -> changed(ref(f)));
        deployments.onChange(d -> childChanged(d.getMetadata().getNamespace(), d.getMetadata().getName()));
        slices.onChange(s -> childChanged(s.getMetadata().getNamespace(),
                s.getMetadata().getLabels().getOrDefault(SERVICE_NAME, "")));
    }

    /**
     * Starts the informers and returns once each has listed what there is.
     *
     * @param namespaces the namespaces to watch, empty for all
     */
    static FunctionCache start(KubernetesClient client, Set<String> namespaces) {
        FunctionCache cache = new FunctionCache(client, namespaces);
        CompletableFuture.allOf(cache.functions.start(), cache.deployments.start(), cache.slices.start()).join();
        return cache;
    }

    /** The live Function {@code name} of {@code namespace} (one being deleted counts as gone). */
    Optional<FunctionResource> function(String namespace, String name) {
        return Optional.ofNullable(functions.get(namespace, name))
                .filter(f -> f.getMetadata().getDeletionTimestamp() == null);
    }

    /** The live Functions of a namespace. */
    List<FunctionResource> functions(String namespace) {
        return functions.list(namespace).stream()
                .filter(f -> f.getMetadata().getDeletionTimestamp() == null)
                .sorted(Comparator.comparing(f -> f.getMetadata().getName()))
                .toList();
    }

    /** The Deployment of {@code function}, or null while there is none. */
    Deployment deployment(FunctionResource function) {
        return deployments.get(function.getMetadata().getNamespace(), Children.name(function));
    }

    /**
     * Sends {@code subscriber} a snapshot of every function, then each change as it happens, from an informer's
     * thread: it must not block. Returns what stops the updates.
     */
    synchronized Runnable subscribe(Consumer<EndpointsUpdate> subscriber) {
        subscriber.accept(new EndpointsUpdate(true, List.copyOf(sent.values()), List.of()));
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    private void childChanged(String namespace, String childName) {
        for (FunctionResource function : functions.list(namespace)) {
            if (childName.equals(Children.name(function))) {
                changed(ref(function));
            }
        }
    }

    private synchronized void changed(FunctionRef ref) {
        Optional<FunctionEndpoints> now = function(ref.namespace(), ref.name()).map(this::view);
        if (now.isEmpty()) {
            if (sent.remove(ref) != null) {
                publish(new EndpointsUpdate(false, List.of(), List.of(ref)));
            }
            return;
        }
        if (!now.get().equals(sent.get(ref))) {
            sent.put(ref, now.get());
            publish(new EndpointsUpdate(false, List.of(now.get()), List.of()));
        }
    }

    private void publish(EndpointsUpdate update) {
        subscribers.forEach(subscriber -> subscriber.accept(update));
    }

    /** What callers of {@code function} need: its Deployment's replicas and the ready addresses of its Service. */
    private FunctionEndpoints view(FunctionResource function) {
        String namespace = function.getMetadata().getNamespace();
        Deployment deployment = deployment(function);
        Integer replicas = deployment == null ? null
                : deployment.getSpec() == null || deployment.getSpec().getReplicas() == null ? 1
                : deployment.getSpec().getReplicas();
        Set<Endpoint> ready = new LinkedHashSet<>();
        for (EndpointSlice slice : slices.byIndex(BY_SERVICE, key(namespace, Children.name(function)))) {
            int port = slice.getPorts() == null ? Children.HTTP_PORT : slice.getPorts().stream()
                    .map(EndpointPort::getPort).filter(p -> p != null).findFirst().orElse(Children.HTTP_PORT);
            for (var endpoint : slice.getEndpoints() == null ? List.<io.fabric8.kubernetes.api.model.discovery.v1
                    .Endpoint>of() : slice.getEndpoints()) {
                // ready unset means ready (the EndpointSlice API's rule); a terminating pod is not ready
                boolean isReady = endpoint.getConditions() == null || endpoint.getConditions().getReady() == null
                        || endpoint.getConditions().getReady();
                if (isReady && endpoint.getAddresses() != null && !endpoint.getAddresses().isEmpty()) {
                    ready.add(new Endpoint(endpoint.getAddresses().get(0), port));
                }
            }
        }
        List<Endpoint> sorted = new ArrayList<>(ready);
        sorted.sort(Comparator.comparing(Endpoint::toString));
        return new FunctionEndpoints(function.getMetadata().getName(), namespace, replicas, sorted,
                function.getSpec().getAnnotations());
    }

    private static FunctionRef ref(FunctionResource function) {
        return new FunctionRef(function.getMetadata().getName(), function.getMetadata().getNamespace());
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    @Override
    public void close() {
        subscribers.clear();
        functions.close();
        deployments.close();
        slices.close();
    }

    /** One kind's informers: one per watched namespace, or one for all namespaces. */
    private static final class Informed<T extends HasMetadata> {

        private final List<SharedIndexInformer<T>> informers = new ArrayList<>();

        Informed(Set<String> namespaces, java.util.function.Function<String, Informable<T>> inNamespace,
                 Informable<T> anyNamespace, Map<String, java.util.function.Function<T, List<String>>> indexers) {
            if (namespaces.isEmpty()) {
                informers.add(anyNamespace.runnableInformer(0));
            } else {
                namespaces.stream().sorted().forEach(ns -> informers.add(inNamespace.apply(ns).runnableInformer(0)));
            }
            if (!indexers.isEmpty()) {
                informers.forEach(informer -> informer.addIndexers(indexers));
            }
        }

        void onChange(Consumer<T> changed) {
            ResourceEventHandler<T> handler = new ResourceEventHandler<>() {
                @Override
                public void onAdd(T object) {
                    changed.accept(object);
                }

                @Override
                public void onUpdate(T before, T after) {
                    changed.accept(after);
                }

                @Override
                public void onDelete(T object, boolean finalStateUnknown) {
                    changed.accept(object);
                }
            };
            informers.forEach(informer -> informer.addEventHandler(handler));
        }

        CompletableFuture<Void> start() {
            return CompletableFuture.allOf(informers.stream()
                    .map(informer -> informer.start().toCompletableFuture())
                    .toArray(CompletableFuture[]::new));
        }

        T get(String namespace, String name) {
            for (SharedIndexInformer<T> informer : informers) {
                T found = informer.getStore().getByKey(key(namespace, name));
                if (found != null) {
                    return found;
                }
            }
            return null;
        }

        List<T> list(String namespace) {
            List<T> all = new ArrayList<>();
            informers.forEach(informer -> informer.getStore().list().stream()
                    .filter(o -> namespace.equals(o.getMetadata().getNamespace())).forEach(all::add));
            return all;
        }

        List<T> byIndex(String index, String key) {
            List<T> all = new ArrayList<>();
            informers.forEach(informer -> all.addAll(informer.getIndexer().byIndex(index, key)));
            return all;
        }

        void close() {
            informers.forEach(SharedIndexInformer::close);
        }
    }
}
