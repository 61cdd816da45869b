package io.jube.controllers.framework;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkQueueTest {
    final WorkQueue q = new WorkQueue(RateLimiter.defaultControllerRateLimiter());

    @Test
    void deduplicatesQueuedKeys() throws Exception {
        q.add("a");
        q.add("a");
        q.add("b");
        assertThat(q.length()).isEqualTo(2);
        assertThat(q.get()).isEqualTo("a");
        assertThat(q.get()).isEqualTo("b");
    }

    @Test
    void keyAddedWhileProcessingIsRequeuedOnlyAfterDone() throws Exception {
        q.add("a");
        String k = q.get();
        q.add("a");
        assertThat(q.length()).isZero(); // not handed to a second worker
        assertThat(q.poll(Duration.ofMillis(20))).isNull();
        q.done(k);
        assertThat(q.poll(Duration.ofSeconds(1))).isEqualTo("a");
    }

    @Test
    void delayedAddKeepsTheEarliestTime() throws Exception {
        long start = System.nanoTime();
        q.addAfter("a", Duration.ofSeconds(30));
        q.addAfter("a", Duration.ofMillis(50));
        assertThat(q.delayedLength()).isEqualTo(1);
        assertThat(q.poll(Duration.ofSeconds(5))).isEqualTo("a");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
    }

    @Test
    void shutDownReleasesWaitingWorkers() throws Exception {
        Thread t = new Thread(() -> {
            try {
                assertThat(q.get()).isNull();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        q.shutDown();
        t.join(5000);
        assertThat(t.isAlive()).isFalse();
    }

    @Test
    void exponentialBackoffDoublesPerFailureUpToTheCap() {
        var r = new ExponentialFailureRateLimiter(Duration.ofMillis(5), Duration.ofSeconds(1000));
        assertThat(r.when("k")).isEqualTo(Duration.ofMillis(5));
        assertThat(r.when("k")).isEqualTo(Duration.ofMillis(10));
        assertThat(r.when("k")).isEqualTo(Duration.ofMillis(20));
        assertThat(r.numRequeues("k")).isEqualTo(3);
        for (int i = 0; i < 100; i++) {
            r.when("k");
        }
        assertThat(r.when("k")).isEqualTo(Duration.ofSeconds(1000));
        r.forget("k");
        assertThat(r.when("k")).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void tokenBucketDelaysOnceTheBurstIsSpent() {
        long[] now = {0};
        var r = new TokenBucketRateLimiter(10, 2, () -> now[0]);
        assertThat(r.when("a")).isZero();
        assertThat(r.when("b")).isZero();
        assertThat(r.when("c")).isEqualTo(Duration.ofMillis(100));
        now[0] += Duration.ofSeconds(1).toNanos(); // refilled (capped at burst)
        assertThat(r.when("d")).isZero();
    }
}
