package io.jube.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The behaviour every {@link Store} backend must show. Revisions are compared relative to the
 * store's current revision, as a backend (etcd) may be shared with other stores.
 */
public abstract class StoreConformanceTest {
    protected Store store;

    /** A fresh, empty store (or an empty key space of a shared one). */
    protected abstract Store newStore();

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    protected static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static String s(KeyValue kv) {
        return kv.value() == null ? null : new String(kv.value(), StandardCharsets.UTF_8);
    }

    private static StoreException.Code codeOf(Runnable r) {
        try {
            r.run();
        } catch (StoreException e) {
            return e.code();
        }
        throw new AssertionError("expected a StoreException");
    }

    @Test
    void everyWriteBumpsTheRevisionByOne() {
        long r0 = store.currentRevision();
        KeyValue created = store.create("/k", b("1"), 0);
        assertThat(created.modRevision()).isEqualTo(r0 + 1);
        assertThat(created.createRevision()).isEqualTo(r0 + 1);
        KeyValue updated = store.update("/k", b("2"), created.modRevision(), 0);
        assertThat(updated.modRevision()).isEqualTo(r0 + 2);
        assertThat(updated.createRevision()).isEqualTo(r0 + 1);
        KeyValue deleted = store.delete("/k", updated.modRevision());
        assertThat(deleted.modRevision()).isEqualTo(r0 + 3);
        assertThat(s(deleted)).isEqualTo("2");
        assertThat(store.currentRevision()).isEqualTo(r0 + 3);
        assertThat(store.get("/k")).isEmpty();
    }

    @Test
    void getReturnsTheCurrentValue() {
        assertThat(store.get("/missing")).isEmpty();
        KeyValue kv = store.create("/k", b("v"), 0);
        KeyValue got = store.get("/k").orElseThrow();
        assertThat(s(got)).isEqualTo("v");
        assertThat(got.modRevision()).isEqualTo(kv.modRevision());
        assertThat(got.createRevision()).isEqualTo(kv.createRevision());
        assertThat(got.key()).isEqualTo("/k");
    }

    @Test
    void createFailsWhenTheKeyExists() {
        KeyValue first = store.create("/k", b("1"), 0);
        assertThatThrownBy(() -> store.create("/k", b("2"), 0))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(StoreException.Code.ALREADY_EXISTS));
        assertThat(s(store.get("/k").orElseThrow())).isEqualTo("1");
        assertThat(store.get("/k").orElseThrow().modRevision()).isEqualTo(first.modRevision());
    }

    @Test
    void updateComparesTheModRevision() {
        KeyValue v1 = store.create("/k", b("1"), 0);
        KeyValue v2 = store.update("/k", b("2"), v1.modRevision(), 0);
        assertThatThrownBy(() -> store.update("/k", b("stale"), v1.modRevision(), 0))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.code()).isEqualTo(StoreException.Code.CONFLICT);
                    assertThat(e.current()).isNotNull();
                    assertThat(e.current().modRevision()).isEqualTo(v2.modRevision());
                    assertThat(s(e.current())).isEqualTo("2");
                });
        assertThat(s(store.get("/k").orElseThrow())).isEqualTo("2");
        KeyValue v3 = store.update("/k", b("3"), 0, 0);
        assertThat(v3.modRevision()).isGreaterThan(v2.modRevision());
        assertThat(codeOf(() -> store.update("/missing", b("x"), 0, 0))).isEqualTo(StoreException.Code.NOT_FOUND);
        assertThat(codeOf(() -> store.update("/missing", b("x"), 5, 0))).isEqualTo(StoreException.Code.NOT_FOUND);
    }

    @Test
    void deleteComparesTheModRevisionAndAllowsRecreate() {
        KeyValue v1 = store.create("/k", b("1"), 0);
        KeyValue v2 = store.update("/k", b("2"), 0, 0);
        assertThatThrownBy(() -> store.delete("/k", v1.modRevision()))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.code()).isEqualTo(StoreException.Code.CONFLICT);
                    assertThat(e.current().modRevision()).isEqualTo(v2.modRevision());
                });
        KeyValue deleted = store.delete("/k", v2.modRevision());
        assertThat(s(deleted)).isEqualTo("2");
        assertThat(deleted.createRevision()).isEqualTo(v1.createRevision());
        assertThat(codeOf(() -> store.delete("/k", 0))).isEqualTo(StoreException.Code.NOT_FOUND);
        KeyValue again = store.create("/k", b("new"), 0);
        assertThat(again.createRevision()).isGreaterThan(deleted.modRevision());
    }

    @Test
    void badInputIsRejectedWithoutTouchingTheStore() {
        long r0 = store.currentRevision();
        assertThatThrownBy(() -> store.create("", b("x"), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.create(null, b("x"), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.create("/k", null, 0)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> store.list("/", new ListOptions(-1, 0, null))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.grantLease(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(codeOf(() -> store.create("/k", b("x"), 987654321L))).isEqualTo(StoreException.Code.NOT_FOUND);
        assertThat(store.currentRevision()).isEqualTo(r0);
        assertThat(store.get("/k")).isEmpty();
    }

    @Test
    void listByPrefixIsIsolatedAndOrdered() {
        store.create("/a/b/2", b("2"), 0);
        store.create("/a/b/1", b("1"), 0);
        store.create("/a/bc", b("x"), 0);
        store.create("/a/b", b("x"), 0);
        store.create("/z", b("x"), 0);
        ListResult r = store.list("/a/b/", ListOptions.ALL);
        assertThat(r.items()).extracting(KeyValue::key).containsExactly("/a/b/1", "/a/b/2");
        assertThat(r.items()).extracting(StoreConformanceTest::s).containsExactly("1", "2");
        assertThat(r.more()).isFalse();
        assertThat(r.remaining()).isZero();
        assertThat(r.revision()).isEqualTo(store.currentRevision());
        assertThat(store.count("/a/b/")).isEqualTo(2);
        assertThat(store.count("/a/")).isEqualTo(4);
        assertThat(store.list("/nothing/", ListOptions.ALL).items()).isEmpty();
    }

    @Test
    void listAtAPastRevisionSeesThePast() {
        KeyValue x1 = store.create("/p/x", b("1"), 0);
        store.update("/p/x", b("2"), 0, 0);
        store.create("/p/y", b("y"), 0);
        store.delete("/p/y", 0);
        ListResult past = store.list("/p/", new ListOptions(x1.modRevision(), 0, null));
        assertThat(past.revision()).isEqualTo(x1.modRevision());
        assertThat(past.items()).extracting(StoreConformanceTest::s).containsExactly("1");
        ListResult withY = store.list("/p/", new ListOptions(x1.modRevision() + 2, 0, null));
        assertThat(withY.items()).extracting(KeyValue::key).containsExactly("/p/x", "/p/y");
        assertThat(store.list("/p/", ListOptions.ALL).items()).extracting(StoreConformanceTest::s).containsExactly("2");
    }

    @Test
    void pagedListIsConsistentAtItsRevision() {
        for (int i = 1; i <= 5; i++) {
            store.create("/pg/k" + i, b("v" + i), 0);
        }
        store.create("/pga", b("outside"), 0);
        ListResult p1 = store.list("/pg/", new ListOptions(0, 2, null));
        assertThat(p1.items()).extracting(KeyValue::key).containsExactly("/pg/k1", "/pg/k2");
        assertThat(p1.more()).isTrue();
        assertThat(p1.remaining()).isEqualTo(3);
        // Changes after the first page must not show in the following pages.
        store.create("/pg/k3a", b("late"), 0);
        store.delete("/pg/k4", 0);
        ListResult p2 = store.list("/pg/", new ListOptions(p1.revision(), 2, "/pg/k2"));
        assertThat(p2.revision()).isEqualTo(p1.revision());
        assertThat(p2.items()).extracting(KeyValue::key).containsExactly("/pg/k3", "/pg/k4");
        assertThat(p2.remaining()).isEqualTo(1);
        ListResult p3 = store.list("/pg/", new ListOptions(p1.revision(), 2, "/pg/k4"));
        assertThat(p3.items()).extracting(KeyValue::key).containsExactly("/pg/k5");
        assertThat(p3.more()).isFalse();
        assertThat(p3.remaining()).isZero();
        ListResult now = store.list("/pg/", ListOptions.ALL);
        assertThat(now.items()).extracting(KeyValue::key).containsExactly("/pg/k1", "/pg/k2", "/pg/k3", "/pg/k3a", "/pg/k5");
    }

    @Test
    void watchReplaysHistoryThenFollowsLiveChangesInOrder() {
        long r0 = store.currentRevision();
        store.create("/w/a", b("1"), 0);
        store.create("/other/x", b("x"), 0);
        store.update("/w/a", b("2"), 0, 0);
        RecordingListener l = new RecordingListener();
        try (Watch w = store.watch("/w/", r0, l)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> l.events().size() == 2);
            store.create("/w/b", b("b"), 0);
            store.create("/wx", b("not mine"), 0);
            KeyValue del = store.delete("/w/a", 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> l.events().size() == 4);
            List<WatchEvent> ev = l.events();
            assertThat(ev).extracting(e -> e.kv().key()).containsExactly("/w/a", "/w/a", "/w/b", "/w/a");
            assertThat(ev).extracting(WatchEvent::type).containsExactly(
                    WatchEvent.Type.PUT, WatchEvent.Type.PUT, WatchEvent.Type.PUT, WatchEvent.Type.DELETE);
            assertThat(ev).extracting(WatchEvent::revision).isSorted().doesNotHaveDuplicates();
            assertThat(ev.get(0).prevKv()).isNull();
            assertThat(s(ev.get(1).prevKv())).isEqualTo("1");
            WatchEvent delete = ev.get(3);
            assertThat(delete.revision()).isEqualTo(del.modRevision());
            assertThat(delete.kv().value()).isNull();
            assertThat(s(delete.prevKv())).isEqualTo("2");
            assertThat(l.batches).allSatisfy(batch ->
                    assertThat(batch).extracting(WatchEvent::revision).containsOnly(batch.get(0).revision()));
            assertThat(l.error.get()).isNull();
        }
    }

    @Test
    void watchFromTheCurrentRevisionSeesOnlyNewChanges() {
        store.create("/n/old", b("old"), 0);
        RecordingListener l = new RecordingListener();
        try (Watch w = store.watch("/n/", store.currentRevision(), l)) {
            KeyValue kv = store.create("/n/new", b("new"), 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> !l.events().isEmpty());
            assertThat(l.events()).singleElement().satisfies(e -> assertThat(e.revision()).isEqualTo(kv.modRevision()));
        }
    }

    @Test
    void closedWatchStopsDelivering() {
        RecordingListener l = new RecordingListener();
        Watch w = store.watch("/c/", store.currentRevision(), l);
        store.create("/c/1", b("1"), 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> l.events().size() == 1);
        w.close();
        KeyValue c2 = store.create("/c/2", b("2"), 0);
        // A later watch sees /c/2, proving it was published; the closed one must not.
        RecordingListener later = new RecordingListener();
        try (Watch w2 = store.watch("/c/", c2.modRevision() - 1, later)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> later.events().stream().anyMatch(e -> e.kv().key().equals("/c/2")));
        }
        assertThat(l.events()).hasSize(1);
    }

    @Test
    void compactionKeepsLatestValuesAndRejectsOldRevisions() {
        KeyValue k1 = store.create("/cp/k", b("1"), 0);
        store.update("/cp/k", b("2"), 0, 0);
        store.create("/cp/gone", b("g"), 0);
        store.delete("/cp/gone", 0);
        KeyValue k3 = store.update("/cp/k", b("3"), 0, 0);
        store.create("/cp/other", b("o"), 0);
        long at = store.currentRevision();
        store.compact(at);
        assertThat(store.compactedRevision()).isGreaterThanOrEqualTo(at);
        assertThat(s(store.get("/cp/k").orElseThrow())).isEqualTo("3");
        assertThat(store.get("/cp/k").orElseThrow().modRevision()).isEqualTo(k3.modRevision());
        assertThat(store.get("/cp/k").orElseThrow().createRevision()).isEqualTo(k1.createRevision());
        assertThat(store.get("/cp/gone")).isEmpty();
        assertThat(store.list("/cp/", ListOptions.ALL).items()).extracting(KeyValue::key).containsExactly("/cp/k", "/cp/other");
        assertThat(store.list("/cp/", new ListOptions(at, 0, null)).items()).hasSize(2);
        assertThat(codeOf(() -> store.list("/cp/", new ListOptions(k1.modRevision(), 0, null))))
                .isEqualTo(StoreException.Code.COMPACTED);
        // Writes go on normally after compaction, and compacting again at the same point is harmless.
        store.update("/cp/k", b("4"), k3.modRevision(), 0);
        store.compact(at);
        assertThat(s(store.get("/cp/k").orElseThrow())).isEqualTo("4");
    }

    @Test
    void watchFromACompactedRevisionFailsWithCompacted() {
        long r0 = store.currentRevision();
        store.create("/wc/a", b("1"), 0);
        store.update("/wc/a", b("2"), 0, 0);
        store.update("/wc/a", b("3"), 0, 0);
        store.compact(store.currentRevision());
        RecordingListener l = new RecordingListener();
        StoreException.Code code;
        try (Watch w = store.watch("/wc/", r0, l)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> l.error.get() != null);
            code = l.error.get().code();
            assertThat(l.events()).isEmpty();
        } catch (StoreException e) {
            code = e.code();
        }
        assertThat(code).isEqualTo(StoreException.Code.COMPACTED);
        // From the compacted revision itself, watching works.
        RecordingListener ok = new RecordingListener();
        try (Watch w = store.watch("/wc/", store.currentRevision(), ok)) {
            store.update("/wc/a", b("4"), 0, 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> ok.events().size() == 1);
            assertThat(ok.error.get()).isNull();
        }
    }

    @Test
    void leaseExpiryDeletesItsKeysAndWatchersSeeIt() {
        long lease = store.grantLease(1);
        store.create("/l/a", b("a"), lease);
        store.create("/l/b", b("b"), lease);
        store.create("/l/keep", b("k"), 0);
        RecordingListener l = new RecordingListener();
        try (Watch w = store.watch("/l/", store.currentRevision(), l)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> l.events().size() == 2);
            assertThat(l.events()).allSatisfy(e -> {
                assertThat(e.type()).isEqualTo(WatchEvent.Type.DELETE);
                assertThat(e.prevKv()).isNotNull();
                assertThat(e.prevKv().lease()).isEqualTo(lease);
            });
            assertThat(l.events()).extracting(e -> e.kv().key()).containsExactlyInAnyOrder("/l/a", "/l/b");
        }
        assertThat(store.list("/l/", ListOptions.ALL).items()).extracting(KeyValue::key).containsExactly("/l/keep");
        assertThat(store.count("/l/")).isEqualTo(1);
    }

    @Test
    void revokeDeletesAtOnceAndUpdateKeepsTheLease() {
        long lease = store.grantLease(3600);
        KeyValue a = store.create("/r/a", b("a"), lease);
        assertThat(a.lease()).isEqualTo(lease);
        KeyValue updated = store.update("/r/a", b("a2"), a.modRevision(), 0);
        assertThat(updated.lease()).isEqualTo(lease);
        assertThat(store.get("/r/a").orElseThrow().lease()).isEqualTo(lease);
        store.create("/r/b", b("b"), 0);
        long other = store.grantLease(3600);
        store.update("/r/b", b("b2"), 0, other);
        store.revokeLease(lease);
        assertThat(store.get("/r/a")).isEmpty();
        assertThat(store.get("/r/b")).isPresent();
        assertThat(codeOf(() -> store.revokeLease(lease))).isEqualTo(StoreException.Code.NOT_FOUND);
        store.revokeLease(other);
        assertThat(store.get("/r/b")).isEmpty();
    }

    @Test
    void concurrentCompareAndSwapIncrementsLoseNoUpdate() throws Exception {
        store.create("/counter", b("0"), 0);
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> conflicts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                conflicts.add(pool.submit(() -> {
                    int seen = 0;
                    for (int i = 0; i < perThread; i++) {
                        for (int attempt = 0; ; attempt++) {
                            assertThat(attempt).isLessThan(10_000);
                            KeyValue cur = store.get("/counter").orElseThrow();
                            int n = Integer.parseInt(s(cur));
                            try {
                                store.update("/counter", b(Integer.toString(n + 1)), cur.modRevision(), 0);
                                break;
                            } catch (StoreException e) {
                                assertThat(e.code()).isEqualTo(StoreException.Code.CONFLICT);
                                seen++;
                            }
                        }
                    }
                    return seen;
                }));
            }
            for (Future<Integer> f : conflicts) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(s(store.get("/counter").orElseThrow())).isEqualTo(Integer.toString(threads * perThread));
    }
}
