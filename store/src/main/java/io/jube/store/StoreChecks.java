package io.jube.store;

import java.util.Objects;

/** Argument checks shared by the backends, so bad input fails the same way on both. */
public final class StoreChecks {
    /** etcd's own upper bound for a lease TTL, in seconds. */
    public static final long MAX_LEASE_TTL = 9_000_000_000L;

    private StoreChecks() {
    }

    public static void requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
    }

    public static void requireValue(byte[] value) {
        Objects.requireNonNull(value, "value must not be null");
    }

    public static void requireListOptions(String prefix, ListOptions options) {
        Objects.requireNonNull(prefix, "prefix must not be null");
        Objects.requireNonNull(options, "options must not be null");
        if (options.revision() < 0 || options.limit() < 0) {
            throw new IllegalArgumentException("revision and limit must not be negative: " + options);
        }
    }

    public static void requireWatch(String prefix, long afterRevision, WatchListener listener) {
        Objects.requireNonNull(prefix, "prefix must not be null");
        Objects.requireNonNull(listener, "listener must not be null");
        if (afterRevision < 0) {
            throw new IllegalArgumentException("afterRevision must not be negative");
        }
    }

    public static void requireTtl(long ttlSeconds) {
        if (ttlSeconds <= 0 || ttlSeconds > MAX_LEASE_TTL) {
            throw new IllegalArgumentException("lease TTL must be between 1 and " + MAX_LEASE_TTL + " seconds, got " + ttlSeconds);
        }
    }

    public static void requireRevision(long revision) {
        if (revision < 0) {
            throw new IllegalArgumentException("revision must not be negative");
        }
    }
}
