package io.jube.store.embedded;

import io.jube.store.Store;
import io.jube.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Periodic compaction as kube-apiserver does it for etcd: each tick remembers the current revision
 * and compacts to the newest remembered revision that is at least {@code retention} old, so
 * watchers and paged lists always have that much history to work with.
 */
final class AutoCompactor {
    private static final Logger LOG = LoggerFactory.getLogger(AutoCompactor.class);

    private record Sample(long atNanos, long revision) {
    }

    private final Store store;
    private final long retentionNanos;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    AutoCompactor(Store store, Duration retention) {
        this.store = store;
        this.retentionNanos = retention.toNanos();
    }

    void tick() {
        long now = System.nanoTime();
        samples.add(new Sample(now, store.currentRevision()));
        Sample target = null;
        while (!samples.isEmpty() && now - samples.peekFirst().atNanos() >= retentionNanos) {
            target = samples.pollFirst();
        }
        if (target == null || target.revision() <= store.compactedRevision()) {
            return;
        }
        try {
            store.compact(target.revision());
        } catch (StoreException e) {
            LOG.warn("automatic compaction to revision {} failed", target.revision(), e);
        }
    }
}
