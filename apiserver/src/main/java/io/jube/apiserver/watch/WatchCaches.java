package io.jube.apiserver.watch;

import io.jube.api.catalogue.ResourceDef;
import io.jube.apiserver.registry.Keys;
import io.jube.store.Store;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One watch cache per stored resource, started on first use (or eagerly at server start). */
public final class WatchCaches implements AutoCloseable {
    private final Store store;
    private final int capacity;
    private final long maxBytes;
    private final Map<String, WatchCache> caches = new ConcurrentHashMap<>();

    public WatchCaches(Store store, int capacity, long maxBytes) {
        this.store = store;
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    public WatchCache get(ResourceDef def) {
        return caches.computeIfAbsent(def.storageKey(), k -> {
            WatchCache c = new WatchCache(store, Keys.resourcePrefix(def), capacity, maxBytes);
            c.start();
            return c;
        });
    }

    /** Stops the cache of a resource that is no longer served (a deleted CRD). */
    public void drop(String storageKey) {
        WatchCache c = caches.remove(storageKey);
        if (c != null) {
            c.close();
        }
    }

    /** Sends progress (bookmark) notifications to every watcher. */
    public void progressAll() {
        caches.values().forEach(WatchCache::progress);
    }

    @Override
    public void close() {
        caches.values().forEach(WatchCache::close);
        caches.clear();
    }
}
