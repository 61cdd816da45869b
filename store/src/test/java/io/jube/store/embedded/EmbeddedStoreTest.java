package io.jube.store.embedded;

import io.jube.store.KeyValue;
import io.jube.store.ListOptions;
import io.jube.store.RecordingListener;
import io.jube.store.StoreException;
import io.jube.store.Watch;
import io.jube.store.WatchEvent;
import io.jube.store.WatchListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Embedded-only behaviour: durability, automatic compaction, slow watchers. */
class EmbeddedStoreTest {
    private static final EmbeddedStore.Options NO_AUTO_COMPACTION =
            EmbeddedStore.Options.DEFAULT.withCompaction(Duration.ZERO, Duration.ZERO);

    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(KeyValue kv) {
        return new String(kv.value(), StandardCharsets.UTF_8);
    }

    @Test
    void everythingSurvivesCloseAndReopen() {
        long lease;
        long revision;
        long compactedAt;
        long beforeLastWrites;
        try (EmbeddedStore store = EmbeddedStore.open(dir, NO_AUTO_COMPACTION)) {
            store.create("/a", b("1"), 0);
            store.update("/a", b("2"), 0, 0);
            store.create("/gone", b("g"), 0);
            store.delete("/gone", 0);
            compactedAt = store.currentRevision();
            store.compact(compactedAt);
            lease = store.grantLease(3600);
            store.create("/leased", b("l"), lease);
            beforeLastWrites = store.currentRevision();
            store.update("/a", b("3"), 0, 0);
            store.create("/b", b("b"), 0);
            revision = store.currentRevision();
        }
        try (EmbeddedStore store = EmbeddedStore.open(dir, NO_AUTO_COMPACTION)) {
            assertThat(store.currentRevision()).isEqualTo(revision);
            assertThat(store.compactedRevision()).isEqualTo(compactedAt);
            assertThat(store.list("/", ListOptions.ALL).items()).extracting(KeyValue::key)
                    .containsExactly("/a", "/b", "/leased");
            assertThat(s(store.get("/a").orElseThrow())).isEqualTo("3");
            assertThat(store.list("/", new ListOptions(beforeLastWrites, 0, null)).items())
                    .extracting(EmbeddedStoreTest::s).containsExactly("2", "l");
            RecordingListener l = new RecordingListener();
            try (Watch w = store.watch("/", beforeLastWrites, l)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> l.events().size() == 2);
                assertThat(s(l.events().get(0).prevKv())).isEqualTo("2");
            }
            assertThat(store.create("/c", b("c"), 0).modRevision()).isEqualTo(revision + 1);
            store.revokeLease(lease);
            assertThat(store.get("/leased")).isEmpty();
            long next = store.grantLease(60);
            assertThat(next).isNotEqualTo(lease);
        }
    }

    @Test
    void aLeaseExpiresEvenAcrossARestart() {
        try (EmbeddedStore store = EmbeddedStore.open(dir, NO_AUTO_COMPACTION)) {
            long lease = store.grantLease(1);
            store.create("/eph", b("x"), lease);
        }
        try (EmbeddedStore store = EmbeddedStore.open(dir, NO_AUTO_COMPACTION)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> store.get("/eph").isEmpty());
        }
    }

    @Test
    void automaticCompactionKeepsLeaseAndEventChurnBounded() throws Exception {
        EmbeddedStore.Options options = NO_AUTO_COMPACTION.withCompaction(Duration.ofMillis(200), Duration.ZERO);
        int hotKeys = 4;
        int writers = 16;
        int rounds = 400;
        byte[] payload = new byte[1024];
        try (EmbeddedStore store = EmbeddedStore.open(dir, options)) {
            for (int k = 0; k < hotKeys; k++) {
                store.create("/hot/" + k, payload, 0);
            }
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < writers; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < rounds; i++) {
                            store.update("/hot/" + (i % hotKeys), payload, 0, 0);
                            if (i % 20 == 0) {
                                // Event-like churn: short-lived keys on a lease that is then revoked.
                                long lease = store.grantLease(3600);
                                for (int e = 0; e < 5; e++) {
                                    store.create("/events/" + thread + "/" + i + "/" + e, payload, lease);
                                }
                                store.revokeLease(lease);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(300, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            long written = store.currentRevision();
            assertThat(written).isGreaterThan((long) writers * rounds);
            // Once compaction catches up, only each hot key's latest version is left on disk.
            await().atMost(Duration.ofSeconds(30)).until(() -> store.storedRevisions() <= hotKeys + 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> store.diskBytes() < 256 * 1024);
            assertThat(store.count("/hot/")).isEqualTo(hotKeys);
            assertThat(store.count("/events/")).isZero();
            assertThat(store.get("/hot/0").orElseThrow().value()).hasSize(1024);
        }
    }

    @Test
    void aSlowWatcherDoesNotBlockWritersAndStillGetsEverythingInOrder() {
        EmbeddedStore.Options options = NO_AUTO_COMPACTION.withWatchBuffer(16);
        try (EmbeddedStore store = EmbeddedStore.open(dir, options)) {
            CountDownLatch release = new CountDownLatch(1);
            List<Long> revisions = new java.util.concurrent.CopyOnWriteArrayList<>();
            RecordingListener errors = new RecordingListener();
            WatchListener slow = new WatchListener() {
                @Override
                public void onEvents(List<WatchEvent> events) {
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    events.forEach(e -> revisions.add(e.revision()));
                }

                @Override
                public void onError(StoreException error) {
                    errors.onError(error);
                }
            };
            long start = store.currentRevision();
            try (Watch w = store.watch("/s/", start, slow)) {
                for (int i = 0; i < 500; i++) {
                    store.create("/s/" + i, b("v"), 0); // would hang here if delivery blocked the writer
                }
                release.countDown();
                await().atMost(Duration.ofSeconds(30)).until(() -> revisions.size() == 500);
                assertThat(revisions).isSorted().doesNotHaveDuplicates();
                assertThat(revisions.get(0)).isEqualTo(start + 1);
                assertThat(revisions.get(499)).isEqualTo(start + 500);
                assertThat(errors.error.get()).isNull();
            }
        }
    }

    @Test
    void aSlowWatcherWhoseHistoryIsCompactedEndsWithCompacted() {
        EmbeddedStore.Options options = NO_AUTO_COMPACTION.withWatchBuffer(4);
        try (EmbeddedStore store = EmbeddedStore.open(dir, options)) {
            CountDownLatch release = new CountDownLatch(1);
            RecordingListener seen = new RecordingListener();
            WatchListener slow = new WatchListener() {
                @Override
                public void onEvents(List<WatchEvent> events) {
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    seen.onEvents(events);
                }

                @Override
                public void onError(StoreException error) {
                    seen.onError(error);
                }
            };
            try (Watch w = store.watch("/s/", store.currentRevision(), slow)) {
                for (int i = 0; i < 50; i++) {
                    store.create("/s/" + i, b("v"), 0);
                }
                store.compact(store.currentRevision());
                release.countDown();
                await().atMost(Duration.ofSeconds(30)).until(() -> seen.error.get() != null);
                assertThat(seen.error.get().code()).isEqualTo(StoreException.Code.COMPACTED);
                assertThat(seen.events().size()).isLessThan(50);
            }
        }
    }

    @Test
    void listAndCompactRejectFutureRevisions() {
        try (EmbeddedStore store = EmbeddedStore.open(dir, NO_AUTO_COMPACTION)) {
            store.create("/x", b("x"), 0);
            long future = store.currentRevision() + 10;
            assertThatThrownBy(() -> store.list("/", new ListOptions(future, 0, null))).isInstanceOf(StoreException.class);
            assertThatThrownBy(() -> store.compact(future)).isInstanceOf(StoreException.class);
            assertThat(store.compactedRevision()).isZero();
        }
    }

    @Test
    void writesAfterCloseFailWithUnavailable() {
        EmbeddedStore store = EmbeddedStore.open(dir, NO_AUTO_COMPACTION);
        store.close();
        assertThatThrownBy(() -> store.create("/x", b("x"), 0)).isInstanceOfSatisfying(StoreException.class,
                e -> assertThat(e.code()).isEqualTo(StoreException.Code.UNAVAILABLE));
        assertThatThrownBy(() -> store.get("/x")).isInstanceOfSatisfying(StoreException.class,
                e -> assertThat(e.code()).isEqualTo(StoreException.Code.UNAVAILABLE));
        store.close(); // closing twice is harmless
    }
}
