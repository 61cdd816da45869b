package io.jube.controllers.framework;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The shared informers of one controller-manager term: one informer per type, created on first request and shared
 * by every controller (one list+watch per type, like kube-controller-manager). Informers list and watch all namespaces, resync every {@code resync}, and relist when
 * the server answers a watch with 410 Gone.
 */
public final class Informers implements AutoCloseable {
    /** Lists come in pages, as client-go's reflectors ask (see the scheduler's ClusterInformers for why). */
    static final long LIST_PAGE = 500;

    private final KubernetesClient client;
    private final long resyncMillis;
    private final Map<Class<?>, SharedIndexInformer<?>> informers = new LinkedHashMap<>();
    private boolean started;

    public Informers(KubernetesClient client, Duration resync) {
        this.client = client;
        this.resyncMillis = resync.toMillis();
    }

    @SuppressWarnings("unchecked")
    public synchronized <T extends HasMetadata> SharedIndexInformer<T> get(Class<T> type) {
        return (SharedIndexInformer<T>) informers.computeIfAbsent(type, t -> {
            if (started) {
                throw new IllegalStateException("informer for " + type.getSimpleName() + " requested after start");
            }
            return client.resources(type).inAnyNamespace().withLimit(LIST_PAGE).runnableInformer(resyncMillis);
        });
    }

    /** Adds an index unless one of that name exists (controllers sharing an informer may ask for the same index). */
    public synchronized <T extends HasMetadata> void ensureIndex(Class<T> type, String name, Function<T, List<String>> fn) {
        SharedIndexInformer<T> informer = get(type);
        if (!informer.getIndexer().getIndexers().containsKey(name)) {
            informer.addIndexers(Map.of(name, fn));
        }
    }

    /** Starts every informer; the future completes once all have listed (synced). */
    public synchronized CompletableFuture<Void> start() {
        started = true;
        List<CompletableFuture<Void>> syncs = new ArrayList<>();
        for (SharedIndexInformer<?> i : informers.values()) {
            // once listed, never give up on a failed watch (fabric8 stops on a WatcherException by default):
            // relist and rewatch with back-off, as client-go's reflectors do
            i.exceptionHandler((synced, error) -> synced);
            syncs.add(i.start().toCompletableFuture());
        }
        return CompletableFuture.allOf(syncs.toArray(CompletableFuture[]::new));
    }

    public synchronized boolean hasSynced() {
        return informers.values().stream().allMatch(SharedIndexInformer::hasSynced);
    }

    @Override
    public synchronized void close() {
        informers.values().forEach(SharedIndexInformer::stop);
        informers.clear();
    }
}
