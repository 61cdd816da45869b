package io.jube.controllers.job;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The Job status writes this controller made that its Job informer may not show yet. A Job's counts live in its
 * status: a sync that read an older status from the cache (say {@code succeeded: 0}) while the pods it counted
 * have already lost their tracking finalizer would count them nowhere and create pods past {@code completions}.
 * So after writing a status the controller waits until the cache holds that version (or a newer one) before it
 * syncs the Job again, much as pod expectations make it wait for its own pod creations.
 *
 * <p>Versions are compared as numbers: Jube's resourceVersion is the store's global revision. A version that is
 * not a number, or a write not seen within the TTL (a lost watch event), never blocks a sync.
 */
final class StatusWrites {
    private record Written(long version, long atNanos) {
    }

    private final Map<String, Written> pending = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final LongSupplier nanoClock;

    StatusWrites(Duration ttl, LongSupplier nanoClock) {
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Records that {@code written} (the API's answer to a status write of {@code key}) is the newest version. */
    void wrote(String key, Job written) {
        long v = version(written);
        if (v >= 0) {
            pending.merge(key, new Written(v, nanoClock.getAsLong()), (a, b) -> a.version() >= b.version() ? a : b);
        }
    }

    /** True when {@code cached} shows every status write of {@code key} made here (or waiting has timed out). */
    boolean observed(String key, Job cached) {
        Written w = pending.get(key);
        if (w == null) {
            return true;
        }
        long v = version(cached);
        if (v < 0 || v >= w.version() || nanoClock.getAsLong() - w.atNanos() > ttlNanos) {
            pending.remove(key, w);
            return true;
        }
        return false;
    }

    void forget(String key) {
        pending.remove(key);
    }

    private static long version(Job job) {
        String rv = job == null || job.getMetadata() == null ? null : job.getMetadata().getResourceVersion();
        if (rv == null) {
            return -1;
        }
        try {
            return Long.parseLong(rv);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
