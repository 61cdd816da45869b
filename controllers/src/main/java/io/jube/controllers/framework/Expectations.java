package io.jube.controllers.framework;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * What a controller expects to see in its informer after its own writes (Kubernetes' ControllerExpectations with
 * UID tracking). After creating N pods a controller must not create them again before the informer shows them:
 * the cache lags the API. So it records "expect N creations" and only acts again on that key once the informer has
 * delivered them (or a TTL passed, in case a watch event was lost).
 *
 * <p>Deletions are tracked by pod key, so a pod observed twice (first marked terminating, then gone) lowers the
 * count once. This is derived state: losing it (restart) only costs one conservative reconcile.
 */
public final class Expectations {
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Entry> entries = new HashMap<>();

    private static final class Entry {
        int adds;
        int dels;
        final Set<String> deleteKeys = new HashSet<>();
        final long setAt;

        Entry(long setAt) {
            this.setAt = setAt;
        }

        boolean fulfilled() {
            return adds <= 0 && dels <= 0;
        }
    }

    public Expectations() {
        this(DEFAULT_TTL, System::nanoTime);
    }

    public Expectations(Duration ttl, LongSupplier nanoClock) {
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
    }

    /** True when the controller may act on {@code key}: nothing pending, or the expectations expired. */
    public synchronized boolean satisfied(String key) {
        Entry e = entries.get(key);
        if (e == null || e.fulfilled()) {
            return true;
        }
        return nanoClock.getAsLong() - e.setAt > ttlNanos;
    }

    /** Replaces the expectations of {@code key}: {@code n} creations to observe. */
    public synchronized void expectCreations(String key, int n) {
        Entry e = new Entry(nanoClock.getAsLong());
        e.adds = n;
        entries.put(key, e);
    }

    /** Replaces the expectations of {@code key}: deletions of these objects (by {@code namespace/name}) to observe. */
    public synchronized void expectDeletions(String key, Collection<String> objectKeys) {
        Entry e = new Entry(nanoClock.getAsLong());
        e.deleteKeys.addAll(objectKeys);
        e.dels = e.deleteKeys.size();
        entries.put(key, e);
    }

    public synchronized void creationObserved(String key) {
        Entry e = entries.get(key);
        if (e != null) {
            e.adds--;
        }
    }

    /** A creation that was expected but will not happen (the create failed or was skipped). */
    public void creationSkipped(String key) {
        creationObserved(key);
    }

    /** Counts the deletion of {@code objectKey} once, however many times it is observed. */
    public synchronized void deletionObserved(String key, String objectKey) {
        Entry e = entries.get(key);
        if (e != null && e.deleteKeys.remove(objectKey)) {
            e.dels--;
        }
    }

    /** Forgets {@code key} (its owner was deleted). */
    public synchronized void delete(String key) {
        entries.remove(key);
    }

    /** Pending creations and deletions of {@code key}, for tests and debugging. */
    public synchronized int[] pending(String key) {
        Entry e = entries.get(key);
        return e == null ? new int[] {0, 0} : new int[] {e.adds, e.dels};
    }
}
