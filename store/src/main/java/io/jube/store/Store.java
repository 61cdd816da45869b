package io.jube.store;

import java.util.Optional;

/**
 * The state store, with etcd's semantics: one global revision counter that every write bumps,
 * compare-and-swap on a key's mod revision, ordered watches from a revision, compaction of old
 * revisions and TTL leases. The API server maps resourceVersion to {@link KeyValue#modRevision()}.
 *
 * <p>All methods are thread-safe and block until the operation is durable (for writes) or
 * answered. Errors are {@link StoreException} with a {@link StoreException.Code}; UNAVAILABLE
 * when the store cannot be reached or is closed. Malformed arguments (empty key, null value,
 * negative revision/limit, TTL out of range) throw IllegalArgumentException / NullPointerException
 * before anything is written. A revision above the current one is refused with INTERNAL.
 *
 * <p>Compaction follows etcd: after {@code compact(c)} the state at revision {@code c} is still
 * readable, reads at revisions below {@code c} fail with COMPACTED, and a watch needing an event
 * below {@code c} (that is, {@code afterRevision + 1 < c}) fails with COMPACTED.
 */
public interface Store extends AutoCloseable {

    /** The newest revision of the store (0 for an empty new store). */
    long currentRevision();

    /** The newest compacted revision (0 if none): reads below it fail with COMPACTED. */
    long compactedRevision();

    /** The key's current value, if present. */
    Optional<KeyValue> get(String key);

    /**
     * Keys starting with {@code prefix} in key order, as of {@code options.revision()} (0 = now).
     * Listing at a compacted revision fails with COMPACTED.
     */
    ListResult list(String prefix, ListOptions options);

    /** Number of keys under the prefix now. */
    long count(String prefix);

    /** Creates the key; fails with ALREADY_EXISTS if present. {@code lease} 0 = no lease. */
    KeyValue create(String key, byte[] value, long lease);

    /**
     * Replaces the key's value if its mod revision equals {@code expectedModRevision}
     * (0 = any). Fails with NOT_FOUND if absent, CONFLICT (carrying the current value) if the
     * revision moved on. Keeps the key's lease unless {@code lease} is non-zero.
     */
    KeyValue update(String key, byte[] value, long expectedModRevision, long lease);

    /**
     * Deletes the key if its mod revision equals {@code expectedModRevision} (0 = any).
     * Returns the deleted value with {@code modRevision} set to the revision of the deletion.
     * Fails with NOT_FOUND or CONFLICT as {@link #update}.
     */
    KeyValue delete(String key, long expectedModRevision);

    /**
     * Watches keys under {@code prefix}, delivering every change with revision greater than
     * {@code afterRevision}, in revision order, one delivery at a time per watch. Fails with
     * COMPACTED (synchronously or through {@link WatchListener#onError}) if the history was
     * compacted, also when a watch falls so far behind that the history it needs is gone: the
     * client then relists. A slow listener never blocks writers.
     */
    Watch watch(String prefix, long afterRevision, WatchListener listener);

    /**
     * Discards history older than {@code revision}; the latest value of every key stays. Compacting
     * at or below the compacted revision does nothing.
     */
    void compact(long revision);

    /**
     * Grants a lease that expires after {@code ttlSeconds}; keys attached to it are then deleted as
     * ordinary DELETE revisions that watchers see. Writing a key with an unknown lease fails with
     * NOT_FOUND. (etcd rounds very short TTLs up to its minimum, about 2 seconds.)
     */
    long grantLease(long ttlSeconds);

    /** Revokes a lease, deleting its keys now; NOT_FOUND if there is no such lease. */
    void revokeLease(long lease);

    @Override
    void close();
}
