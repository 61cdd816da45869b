package io.jube.store.embedded;

import io.jube.store.KeyValue;
import io.jube.store.StoreException;
import io.jube.store.StoreException.Code;
import io.jube.store.WatchEvent;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The single writer thread and its group commit: it drains every queued operation, checks each
 * one's preconditions in order against the index (which already holds the earlier operations of
 * the same group), gives each change the next revision, writes the whole group as ONE synced
 * RocksDB batch, and only then publishes the new revision, wakes the watches and answers the
 * callers. One fsync thus covers as many writes as arrived while the previous one ran.
 *
 * <p>If a batch cannot be written the in-memory state may be ahead of the disk, so the writer
 * stops for good (fail-stop, like etcd): every later write fails with INTERNAL; reopening the
 * store recovers from the files.
 */
final class Writer {
    private static final Logger LOG = LoggerFactory.getLogger(Writer.class);
    private static final int MAX_GROUP = 4096;

    /** An operation waiting for the writer; {@link #result()} is null for internal ones. */
    private interface Op {
        CompletableFuture<?> result();
    }

    private record Create(String key, byte[] value, long lease, CompletableFuture<KeyValue> result) implements Op {
    }

    private record Update(String key, byte[] value, long expected, long lease, CompletableFuture<KeyValue> result) implements Op {
    }

    private record Delete(String key, long expected, CompletableFuture<KeyValue> result) implements Op {
    }

    private record Grant(long ttlSeconds, CompletableFuture<Long> result) implements Op {
    }

    private record Revoke(long lease, CompletableFuture<Void> result) implements Op {
    }

    private record Expire() implements Op {
        @Override
        public CompletableFuture<?> result() {
            return null;
        }
    }

    private record Compact(long revision, CompletableFuture<Void> result) implements Op {
    }

    private record Stop() implements Op {
        @Override
        public CompletableFuture<?> result() {
            return null;
        }
    }

    private final RevisionLog log;
    private final KeyIndex index;
    private final Leases leases;
    private final WatchHub hub;
    private final Executor reclaimer;
    private final BlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean expireQueued = new AtomicBoolean();
    private final Thread thread;
    private volatile long published;
    private volatile long compacted;
    private volatile StoreException failure;
    private long nextRevision;
    private long leaseSeq;
    private List<Long> deferredRemovals = new ArrayList<>();

    Writer(RevisionLog log, KeyIndex index, Leases leases, WatchHub hub, Executor reclaimer,
           long revision, long compacted, long leaseSeq) {
        this.log = log;
        this.index = index;
        this.leases = leases;
        this.hub = hub;
        this.reclaimer = reclaimer;
        this.published = revision;
        this.nextRevision = revision;
        this.compacted = compacted;
        this.leaseSeq = leaseSeq;
        this.thread = new Thread(this::run, "jube-store-writer");
        thread.setDaemon(true);
        thread.start();
    }

    long published() {
        return published;
    }

    long compacted() {
        return compacted;
    }

    CompletableFuture<KeyValue> create(String key, byte[] value, long lease) {
        return submit(new Create(key, value, lease, new CompletableFuture<>()), Create::result);
    }

    CompletableFuture<KeyValue> update(String key, byte[] value, long expected, long lease) {
        return submit(new Update(key, value, expected, lease, new CompletableFuture<>()), Update::result);
    }

    CompletableFuture<KeyValue> delete(String key, long expected) {
        return submit(new Delete(key, expected, new CompletableFuture<>()), Delete::result);
    }

    CompletableFuture<Long> grant(long ttlSeconds) {
        return submit(new Grant(ttlSeconds, new CompletableFuture<>()), Grant::result);
    }

    CompletableFuture<Void> revoke(long lease) {
        return submit(new Revoke(lease, new CompletableFuture<>()), Revoke::result);
    }

    CompletableFuture<Void> compact(long revision) {
        return submit(new Compact(revision, new CompletableFuture<>()), Compact::result);
    }

    /** Asks the writer to delete the keys of expired leases, unless such a request is already queued. */
    void expireLeases(long nowMillis) {
        if (leases.earliestDeadline() <= nowMillis && failure == null && expireQueued.compareAndSet(false, true)) {
            queue.add(new Expire());
        }
    }

    private <T, O extends Op> CompletableFuture<T> submit(O op, java.util.function.Function<O, CompletableFuture<T>> result) {
        StoreException f = failure;
        if (f != null) {
            return CompletableFuture.failedFuture(f);
        }
        queue.add(op);
        return result.apply(op);
    }

    /** Stops the writer after the operations queued so far; later ones fail with UNAVAILABLE. */
    void stop() {
        if (failure == null) {
            failure = new StoreException(Code.UNAVAILABLE, "store is closed");
        }
        queue.add(new Stop());
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Op> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(op -> fail(op, failure));
    }

    private void run() {
        List<Op> group = new ArrayList<>();
        while (true) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(group, MAX_GROUP - 1);
            boolean stop = process(group);
            group.clear();
            if (stop) {
                return;
            }
        }
    }

    /** Processes one drained group; returns true when a Stop was seen. */
    private boolean process(List<Op> group) {
        Pending p = new Pending();
        boolean stop = false;
        for (Op op : group) {
            if (stop || (failure != null && failure.code() == Code.INTERNAL)) {
                fail(op, failure != null ? failure : new StoreException(Code.UNAVAILABLE, "store is closed"));
                continue;
            }
            try {
                if (op instanceof Stop) {
                    stop = true;
                } else if (op instanceof Compact c) {
                    p = commit(p);
                    compact(c);
                } else {
                    apply(op, p);
                }
            } catch (StoreException e) {
                fail(op, e);
            } catch (RuntimeException | RocksDBException e) {
                fail(op, new StoreException(Code.INTERNAL, "store write failed: " + e, null, e));
            }
        }
        commit(p);
        return stop;
    }

    private void apply(Op op, Pending p) throws RocksDBException {
        if (op instanceof Create c) {
            KeyIndex.Rev latest = index.latest(c.key());
            if (latest != null && !latest.tombstone()) {
                throw new StoreException(Code.ALREADY_EXISTS, "key " + c.key() + " already exists",
                        current(c.key(), latest, p), null);
            }
            requireLease(c.lease());
            long rev = ++nextRevision;
            Record r = new Record(rev, false, c.key(), c.value(), rev, c.lease(), 0);
            p.add(r, null);
            index.add(c.key(), new KeyIndex.Rev(rev, rev, c.lease(), false));
            leases.move(c.key(), 0, c.lease());
            p.onSuccess(() -> c.result().complete(r.toKeyValue()), c.result());
        } else if (op instanceof Update u) {
            KeyIndex.Rev latest = expect(u.key(), u.expected(), p);
            requireLease(u.lease());
            long lease = u.lease() != 0 ? u.lease() : latest.lease();
            KeyValue prev = current(u.key(), latest, p);
            long rev = ++nextRevision;
            Record r = new Record(rev, false, u.key(), u.value(), latest.createRevision(), lease, latest.modRevision());
            p.add(r, prev);
            index.add(u.key(), new KeyIndex.Rev(rev, latest.createRevision(), lease, false));
            leases.move(u.key(), latest.lease(), lease);
            p.onSuccess(() -> u.result().complete(r.toKeyValue()), u.result());
        } else if (op instanceof Delete d) {
            KeyIndex.Rev latest = expect(d.key(), d.expected(), p);
            KeyValue deleted = deleteKey(d.key(), latest, p);
            p.onSuccess(() -> d.result().complete(deleted), d.result());
        } else if (op instanceof Grant g) {
            long id = ++leaseSeq;
            long deadline = System.currentTimeMillis() + g.ttlSeconds() * 1000;
            p.batch.putMeta(RevisionLog.leaseKey(id), RevisionLog.leaseValue(g.ttlSeconds(), deadline));
            p.batch.putMeta(RevisionLog.LEASE_SEQ, RevisionLog.longBytes(id));
            p.dirty = true;
            leases.add(id, deadline);
            p.onSuccess(() -> g.result().complete(id), g.result());
        } else if (op instanceof Revoke r) {
            if (!leases.contains(r.lease())) {
                throw new StoreException(Code.NOT_FOUND, "lease " + r.lease() + " not found");
            }
            revokeLease(r.lease(), p);
            p.onSuccess(() -> r.result().complete(null), r.result());
        } else if (op instanceof Expire) {
            expireQueued.set(false);
            for (long id : leases.expired(System.currentTimeMillis())) {
                revokeLease(id, p);
            }
        } else {
            throw new IllegalStateException("unexpected op " + op);
        }
    }

    private KeyIndex.Rev expect(String key, long expected, Pending p) {
        KeyIndex.Rev latest = index.latest(key);
        if (latest == null || latest.tombstone()) {
            throw new StoreException(Code.NOT_FOUND, "key " + key + " not found");
        }
        if (expected != 0 && latest.modRevision() != expected) {
            throw new StoreException(Code.CONFLICT, "key " + key + " was modified at revision "
                    + latest.modRevision() + ", expected " + expected, current(key, latest, p), null);
        }
        return latest;
    }

    private void requireLease(long lease) {
        if (lease != 0 && !leases.contains(lease)) {
            throw new StoreException(Code.NOT_FOUND, "lease " + lease + " not found");
        }
    }

    private void revokeLease(long id, Pending p) throws RocksDBException {
        for (String key : leases.remove(id)) {
            KeyIndex.Rev latest = index.latest(key);
            if (latest != null && !latest.tombstone()) {
                deleteKey(key, latest, p);
            }
        }
        p.batch.deleteMeta(RevisionLog.leaseKey(id));
        p.dirty = true;
    }

    /** Writes a DELETE of {@code key}; returns the deleted value stamped with the deletion's revision. */
    private KeyValue deleteKey(String key, KeyIndex.Rev latest, Pending p) throws RocksDBException {
        KeyValue prev = current(key, latest, p);
        long rev = ++nextRevision;
        p.add(new Record(rev, true, key, null, latest.createRevision(), 0, latest.modRevision()), prev);
        index.add(key, new KeyIndex.Rev(rev, latest.createRevision(), 0, true));
        leases.move(key, latest.lease(), 0);
        return new KeyValue(key, prev.value(), prev.createRevision(), rev, prev.lease());
    }

    /** The key's value at {@code rev}, from this group if written in it, else from the log. */
    private KeyValue current(String key, KeyIndex.Rev rev, Pending p) {
        Record r = p.records.get(rev.modRevision());
        if (r == null) {
            r = log.get(rev.modRevision());
        }
        if (r == null) {
            throw new StoreException(Code.INTERNAL, "index and log disagree on key " + key + " at revision " + rev.modRevision());
        }
        return r.toKeyValue();
    }

    /** Writes the group's batch, then publishes and answers; returns a fresh Pending. */
    private Pending commit(Pending p) {
        try (p.batch) {
            if (p.dirty) {
                p.batch.commit();
            }
        } catch (RocksDBException | RuntimeException e) {
            failure = new StoreException(Code.INTERNAL, "store write failed, store stopped: " + e.getMessage(), null, e);
            LOG.error("store write failed; refusing further writes until reopened", e);
            p.futures.forEach(f -> f.completeExceptionally(failure));
            return new Pending();
        }
        if (!p.events.isEmpty()) {
            published = nextRevision;
            hub.publish(nextRevision, p.events);
        }
        p.completions.forEach(Runnable::run);
        return new Pending();
    }

    private void compact(Compact c) throws RocksDBException {
        long rev = c.revision();
        if (rev > published) {
            throw new StoreException(Code.INTERNAL, "cannot compact to future revision " + rev + " (current " + published + ")");
        }
        if (rev <= compacted) {
            c.result().complete(null);
            return;
        }
        // Readers re-check this after reading, so anything removed below is reported as COMPACTED.
        compacted = rev;
        List<Long> removed = index.compact(rev);
        removed.addAll(deferredRemovals);
        List<Long> keepForNow = new ArrayList<>();
        try (RevisionLog.Batch b = log.batch()) {
            for (long r : removed) {
                if (r < rev) {
                    b.deleteRevision(r);
                } else {
                    keepForNow.add(r); // a deletion at exactly rev: watches from rev-1 still need it
                }
            }
            b.putMeta(RevisionLog.COMPACTED, RevisionLog.longBytes(rev));
            b.commit();
        }
        deferredRemovals = keepForNow;
        reclaimer.execute(() -> {
            try {
                log.reclaim(rev);
            } catch (RuntimeException e) {
                LOG.warn("reclaiming disk space after compaction to {} failed", rev, e);
            }
        });
        c.result().complete(null);
    }

    private static void fail(Op op, StoreException e) {
        if (op.result() != null) {
            op.result().completeExceptionally(e);
        }
    }

    /** What one group has written so far. */
    private final class Pending {
        final RevisionLog.Batch batch = log.batch();
        final Map<Long, Record> records = new HashMap<>();
        final List<List<WatchEvent>> events = new ArrayList<>();
        final List<Runnable> completions = new ArrayList<>();
        final List<CompletableFuture<?>> futures = new ArrayList<>();
        boolean dirty;

        void add(Record r, KeyValue prev) throws RocksDBException {
            batch.put(r);
            records.put(r.revision(), r);
            dirty = true;
            WatchEvent.Type type = r.delete() ? WatchEvent.Type.DELETE : WatchEvent.Type.PUT;
            events.add(List.of(new WatchEvent(type, r.toKeyValue(), prev)));
        }

        void onSuccess(Runnable completion, CompletableFuture<?> future) {
            completions.add(completion);
            futures.add(future);
        }
    }
}
