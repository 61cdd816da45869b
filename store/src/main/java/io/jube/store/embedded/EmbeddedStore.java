package io.jube.store.embedded;

import io.jube.store.KeyValue;
import io.jube.store.ListOptions;
import io.jube.store.ListResult;
import io.jube.store.Store;
import io.jube.store.StoreChecks;
import io.jube.store.StoreException;
import io.jube.store.StoreException.Code;
import io.jube.store.Watch;
import io.jube.store.WatchEvent;
import io.jube.store.WatchListener;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The embedded store: an etcd-like MVCC layer over RocksDB in this JVM. The revision log on disk
 * is the truth; the key index in memory is rebuilt from it on open. Writes go through one
 * group-committing {@link Writer}; reads use the index at a fixed revision; watches replay the log
 * and then follow live commits ({@link WatchHub}). History is compacted automatically, and leases
 * expire by deleting their keys as ordinary revisions.
 */
public final class EmbeddedStore implements Store {

    /**
     * Tuning. {@code compactionInterval}: how often automatic compaction runs (zero = never);
     * {@code compactionRetention}: how much history it keeps (it compacts to the newest revision
     * that was current at least that long ago); {@code watchBuffer}: revisions buffered per live
     * watch before a slow one falls back to reading the log; {@code leaseCheckInterval}: how often
     * lease deadlines are checked.
     */
    public record Options(Duration compactionInterval, Duration compactionRetention, int watchBuffer,
                          Duration leaseCheckInterval) {
        /** Like kube-apiserver for etcd: every 5 minutes, compact to the revision of 5 minutes ago. */
        public static final Options DEFAULT = new Options(Duration.ofMinutes(5), Duration.ofMinutes(5), 10_000,
                Duration.ofMillis(250));

        public Options {
            Objects.requireNonNull(compactionInterval, "compactionInterval");
            Objects.requireNonNull(compactionRetention, "compactionRetention");
            Objects.requireNonNull(leaseCheckInterval, "leaseCheckInterval");
            if (compactionInterval.isNegative() || compactionRetention.isNegative() || watchBuffer < 1
                    || leaseCheckInterval.isNegative() || leaseCheckInterval.isZero()) {
                throw new IllegalArgumentException("invalid store options " + this);
            }
        }

        public Options withCompaction(Duration interval, Duration retention) {
            return new Options(interval, retention, watchBuffer, leaseCheckInterval);
        }

        public Options withWatchBuffer(int revisions) {
            return new Options(compactionInterval, compactionRetention, revisions, leaseCheckInterval);
        }
    }

    private final RevisionLog log;
    private final KeyIndex index = new KeyIndex();
    private final Writer writer;
    private final WatchHub hub;
    private final ExecutorService delivery;
    private final ScheduledExecutorService maintenance;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed; // guarded by lifecycle

    private EmbeddedStore(Path dir, Options options) {
        this.log = new RevisionLog(dir);
        try {
            Leases leases = new Leases();
            long revision = rebuild(leases);
            long compacted = log.readLong(RevisionLog.COMPACTED);
            this.delivery = Executors.newCachedThreadPool(daemon("jube-store-watch"));
            this.maintenance = Executors.newScheduledThreadPool(2, daemon("jube-store-maintenance"));
            this.hub = new WatchHub(this::history, delivery, options.watchBuffer(), revision);
            this.writer = new Writer(log, index, leases, hub, maintenance, revision, compacted,
                    log.readLong(RevisionLog.LEASE_SEQ));
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
        long tick = options.leaseCheckInterval().toMillis();
        maintenance.scheduleWithFixedDelay(() -> writer.expireLeases(System.currentTimeMillis()), tick, tick,
                TimeUnit.MILLISECONDS);
        if (!options.compactionInterval().isZero()) {
            AutoCompactor compactor = new AutoCompactor(this, options.compactionRetention());
            long every = options.compactionInterval().toMillis();
            maintenance.scheduleWithFixedDelay(compactor::tick, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Opens (creating if needed) the store in {@code dir} with default options. */
    public static EmbeddedStore open(Path dir) {
        return open(dir, Options.DEFAULT);
    }

    public static EmbeddedStore open(Path dir, Options options) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(options, "options");
        return new EmbeddedStore(dir, options);
    }

    /** Reads the log into the index and the lease table; returns the newest revision. */
    private long rebuild(Leases leases) {
        log.readLeases().forEach((id, ttlAndDeadline) -> leases.add(id, ttlAndDeadline[1]));
        long last = 0;
        long upTo = Long.MAX_VALUE;
        int read;
        long[] cursor = {0};
        do {
            read = log.scan(cursor[0], upTo, 10_000, r -> {
                index.add(r.key(), new KeyIndex.Rev(r.revision(), r.createRevision(), r.lease(), r.delete()));
                cursor[0] = r.revision();
            });
        } while (read == 10_000);
        last = cursor[0];
        for (Map.Entry<String, KeyIndex.History> e : index.all()) {
            KeyIndex.Rev latest = e.getValue().latest();
            if (latest != null && !latest.tombstone() && latest.lease() != 0) {
                leases.move(e.getKey(), 0, latest.lease());
            }
        }
        return last;
    }

    @Override
    public long currentRevision() {
        return writer.published();
    }

    @Override
    public long compactedRevision() {
        return writer.compacted();
    }

    @Override
    public Optional<KeyValue> get(String key) {
        StoreChecks.requireKey(key);
        return reading(() -> getAt(key));
    }

    private Optional<KeyValue> getAt(String key) {
        long rev = writer.published();
        KeyIndex.Rev r = index.at(key, rev);
        if (r == null) {
            return Optional.empty();
        }
        return Optional.of(read(List.of(r.modRevision()), rev).get(0));
    }

    @Override
    public ListResult list(String prefix, ListOptions options) {
        StoreChecks.requireListOptions(prefix, options);
        return reading(() -> listAt(prefix, options));
    }

    private ListResult listAt(String prefix, ListOptions options) {
        long rev = options.revision() == 0 ? writer.published() : options.revision();
        checkReadable(rev);
        List<Long> found = new ArrayList<>();
        long remaining = 0;
        for (Map.Entry<String, KeyIndex.History> e : index.range(prefix, options.startAfter())) {
            if (e.getValue().at(rev) == null) {
                continue;
            }
            if (options.limit() == 0 || found.size() < options.limit()) {
                found.add(e.getValue().at(rev).modRevision());
            } else {
                remaining++;
            }
        }
        return new ListResult(read(found, rev), rev, remaining > 0, remaining);
    }

    @Override
    public long count(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return reading(() -> countAt(prefix));
    }

    private long countAt(String prefix) {
        long rev = writer.published();
        long n = 0;
        for (Map.Entry<String, KeyIndex.History> e : index.range(prefix, null)) {
            if (e.getValue().at(rev) != null) {
                n++;
            }
        }
        return n;
    }

    /** The values of the given versions as of {@code rev}; COMPACTED if compaction removed one meanwhile. */
    private List<KeyValue> read(List<Long> revisions, long rev) {
        List<Record> records = log.getAll(revisions);
        List<KeyValue> out = new ArrayList<>(records.size());
        for (Record r : records) {
            if (r == null) {
                checkReadable(rev);
                throw new StoreException(Code.INTERNAL, "index refers to a missing log record");
            }
            out.add(r.toKeyValue());
        }
        checkReadable(rev);
        return out;
    }

    private void checkReadable(long rev) {
        long compacted = writer.compacted();
        if (rev < compacted) {
            throw new StoreException(Code.COMPACTED, "revision " + rev + " has been compacted (compacted revision "
                    + compacted + ")");
        }
        long current = writer.published();
        if (rev > current) {
            throw new StoreException(Code.INTERNAL, "revision " + rev + " is in the future (current revision "
                    + current + ")");
        }
    }

    /** The log's events in (after, upTo] for catching-up watches, with prevKv read from the log. */
    private List<List<WatchEvent>> history(long after, long upTo, int max) {
        return reading(() -> historyAt(after, upTo, max));
    }

    private List<List<WatchEvent>> historyAt(long after, long upTo, int max) {
        checkWatchable(after);
        List<List<WatchEvent>> out = new ArrayList<>();
        log.scan(after, upTo, max, r -> {
            KeyValue prev = null;
            if (r.prevModRevision() != 0) {
                Record p = log.get(r.prevModRevision());
                if (p == null) {
                    checkWatchable(after);
                    throw new StoreException(Code.INTERNAL, "missing previous version of " + r.key());
                }
                prev = p.toKeyValue();
            }
            out.add(List.of(new WatchEvent(r.delete() ? WatchEvent.Type.DELETE : WatchEvent.Type.PUT,
                    r.toKeyValue(), prev)));
        });
        // Compaction raises the compacted revision before deleting, so this catches records it took from under us.
        checkWatchable(after);
        return out;
    }

    private void checkWatchable(long after) {
        long compacted = writer.compacted();
        if (after + 1 < compacted) {
            throw new StoreException(Code.COMPACTED, "watch from revision " + (after + 1)
                    + " is no longer possible: compacted up to revision " + compacted);
        }
    }

    @Override
    public KeyValue create(String key, byte[] value, long lease) {
        StoreChecks.requireKey(key);
        StoreChecks.requireValue(value);
        return await(writer.create(key, value.clone(), lease));
    }

    @Override
    public KeyValue update(String key, byte[] value, long expectedModRevision, long lease) {
        StoreChecks.requireKey(key);
        StoreChecks.requireValue(value);
        return await(writer.update(key, value.clone(), expectedModRevision, lease));
    }

    @Override
    public KeyValue delete(String key, long expectedModRevision) {
        StoreChecks.requireKey(key);
        return await(writer.delete(key, expectedModRevision));
    }

    @Override
    public Watch watch(String prefix, long afterRevision, WatchListener listener) {
        StoreChecks.requireWatch(prefix, afterRevision, listener);
        checkWatchable(afterRevision);
        return hub.watch(prefix, afterRevision, listener);
    }

    @Override
    public void compact(long revision) {
        StoreChecks.requireRevision(revision);
        await(writer.compact(revision));
    }

    @Override
    public long grantLease(long ttlSeconds) {
        StoreChecks.requireTtl(ttlSeconds);
        return await(writer.grant(ttlSeconds));
    }

    @Override
    public void revokeLease(long lease) {
        await(writer.revoke(lease));
    }

    /** Number of revision records on disk (for checking that compaction bounds the store). */
    public long storedRevisions() {
        return reading(log::countRecords);
    }

    /** Size of the store's SST files in bytes. */
    public long diskBytes() {
        return reading(log::sstBytes);
    }

    @Override
    public void close() {
        writer.stop();
        hub.closeAll(new StoreException(Code.UNAVAILABLE, "store is closed"));
        maintenance.shutdownNow();
        delivery.shutdown();
        try {
            maintenance.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                log.close();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /** Runs a read of the RocksDB files, refusing once closed (native handles must not be used after close). */
    private <T> T reading(Supplier<T> read) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new StoreException(Code.UNAVAILABLE, "store is closed");
            }
            return read.get();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StoreException se) {
                throw se;
            }
            throw new StoreException(Code.INTERNAL, "store operation failed: " + e.getCause(), null, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(Code.UNAVAILABLE, "interrupted while waiting for the store", null, e);
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
