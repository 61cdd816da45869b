package io.jube.controllers.job;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An informer's item store whose readers can be made to lag its watch: after {@link #lag()} reads keep answering
 * the objects as they were then, while the watch goes on storing changes; {@link #catchUp()} shows them all. This
 * makes the delayed watch event of a busy server happen on demand.
 */
final class LaggingItemStore<T extends HasMetadata> implements ItemStore<T> {
    private final ItemStore<T> live = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);
    private volatile Map<String, T> shown;

    synchronized void lag() {
        Map<String, T> snapshot = new LinkedHashMap<>();
        live.keySet().forEach(k -> snapshot.put(k, live.get(k)));
        shown = snapshot;
    }

    void catchUp() {
        shown = null;
    }

    @Override
    public String getKey(T obj) {
        return live.getKey(obj);
    }

    @Override
    public synchronized T put(String key, T obj) {
        return live.put(key, obj);
    }

    @Override
    public synchronized T remove(String key) {
        return live.remove(key);
    }

    @Override
    public Stream<String> keySet() {
        Map<String, T> s = shown;
        return s == null ? live.keySet() : s.keySet().stream();
    }

    @Override
    public Stream<T> values() {
        Map<String, T> s = shown;
        return s == null ? live.values() : s.values().stream();
    }

    @Override
    public int size() {
        Map<String, T> s = shown;
        return s == null ? live.size() : s.size();
    }

    @Override
    public T get(String key) {
        Map<String, T> s = shown;
        return s == null ? live.get(key) : s.get(key);
    }
}
