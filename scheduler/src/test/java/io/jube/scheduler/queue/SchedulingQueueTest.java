package io.jube.scheduler.queue;

import static io.jube.scheduler.plugins.Fixtures.info;
import static io.jube.scheduler.plugins.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.jube.scheduler.framework.PodInfo;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SchedulingQueueTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SchedulingQueue q = new SchedulingQueue(Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofMinutes(5), now::get);

    private static PodInfo prio(String name, int p) {
        return info(pod(name, "0", "0").editSpec().withPriority(p).endSpec().build());
    }

    @Test
    void popsHighestPriorityFirstThenFifo() throws Exception {
        q.add(prio("low", 1));
        now.addAndGet(1);
        q.add(prio("high", 100));
        now.addAndGet(1);
        q.add(prio("low2", 1));
        assertThat(q.pop(Duration.ZERO).pod().name()).isEqualTo("high");
        assertThat(q.pop(Duration.ZERO).pod().name()).isEqualTo("low");
        assertThat(q.pop(Duration.ZERO).pod().name()).isEqualTo("low2");
        assertThat(q.pop(Duration.ofMillis(1))).isNull();
    }

    @Test
    void unschedulablePodsWaitForAnEventAndTheirBackoff() throws Exception {
        q.add(prio("p", 0));
        QueuedPod p = q.pop(Duration.ZERO);
        q.addUnschedulable(p);
        assertThat(q.sizes()).containsExactly(0, 0, 1);
        q.moveAllToActiveOrBackoff(); // still inside its 1s back-off: goes to backoffQ
        assertThat(q.sizes()).containsExactly(0, 1, 0);
        now.addAndGet(Duration.ofMillis(1001).toNanos());
        q.flush();
        assertThat(q.pop(Duration.ZERO).pod().name()).isEqualTo("p");
    }

    @Test
    void backoffDoublesUpToTheCap() throws Exception {
        q.add(prio("p", 0));
        QueuedPod p = null;
        for (int i = 0; i < 6; i++) {
            p = q.pop(Duration.ZERO);
            q.addBackoff(p);
            now.addAndGet(Duration.ofSeconds(11).toNanos());
            q.flush();
        }
        assertThat(q.backoffExpiry(p) - p.lastFailureNanos).isEqualTo(Duration.ofSeconds(10).toNanos());
        p.attempts = 2;
        assertThat(q.backoffExpiry(p) - p.lastFailureNanos).isEqualTo(Duration.ofSeconds(2).toNanos());
    }

    @Test
    void parkedPodsAreRetriedAfterTheUnschedulableTimeout() throws Exception {
        q.add(prio("p", 0));
        q.addUnschedulable(q.pop(Duration.ZERO));
        now.addAndGet(Duration.ofMinutes(4).toNanos());
        q.flush();
        assertThat(q.sizes()).containsExactly(0, 0, 1);
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        q.flush();
        assertThat(q.sizes()).containsExactly(1, 0, 0);
    }

    @Test
    void deletedPodsLeaveEveryQueue() throws Exception {
        q.add(prio("p", 0));
        q.addUnschedulable(q.pop(Duration.ZERO));
        q.delete("default/p");
        q.moveAllToActiveOrBackoff();
        assertThat(q.sizes()).containsExactly(0, 0, 0);
    }
}
