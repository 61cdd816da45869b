package io.jube.scheduler.queue;

import io.jube.scheduler.framework.PodInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Kubernetes' three-part scheduling queue. <b>activeQ</b>: pods to try now, highest priority first, then oldest.
 * <b>backoffQ</b>: pods that failed recently, waiting an exponential back-off (initial × 2^(attempts−1), capped).
 * <b>unschedulable</b>: pods no node fits, parked until a cluster event may help them ({@link #moveAllToActiveOrBackoff})
 * or they have waited {@code unschedulableTimeout}. Also tracks pods nominated to nodes by preemption.
 */
public final class SchedulingQueue {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition nonEmpty = lock.newCondition();
    private final PriorityQueue<QueuedPod> active = new PriorityQueue<>(
            Comparator.comparingInt((QueuedPod q) -> -q.pod.priority())
                    .thenComparingLong(q -> q.enqueuedNanos).thenComparingLong(q -> q.seq));
    private final PriorityQueue<QueuedPod> backoff = new PriorityQueue<>(Comparator.comparingLong(this::backoffExpiry));
    private final Map<String, QueuedPod> unschedulable = new HashMap<>();
    /** Every pod the queue knows, wherever it is (including in flight between pop and done). */
    private final Map<String, QueuedPod> all = new HashMap<>();
    private final Map<String, Map<String, PodInfo>> nominated = new HashMap<>();
    private final Map<String, String> nominatedNodeOf = new HashMap<>();
    private final long initialBackoffNanos;
    private final long maxBackoffNanos;
    private final long unschedulableTimeoutNanos;
    private final LongSupplier clock;
    private long moveRequestCycle = -1;
    private long schedulingCycle;
    private long seq;
    private boolean closed;

    public SchedulingQueue(Duration initialBackoff, Duration maxBackoff, Duration unschedulableTimeout, LongSupplier nanoClock) {
        this.initialBackoffNanos = initialBackoff.toNanos();
        this.maxBackoffNanos = maxBackoff.toNanos();
        this.unschedulableTimeoutNanos = unschedulableTimeout.toNanos();
        this.clock = nanoClock;
    }

    public SchedulingQueue() {
        this(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(5), System::nanoTime);
    }

    /** A new pending pod (or one whose spec changed): straight to activeQ. */
    public void add(PodInfo pod) {
        lock.lock();
        try {
            QueuedPod q = all.get(pod.key());
            if (q != null) {
                update(q, pod);
                return;
            }
            q = new QueuedPod(pod, seq++);
            all.put(pod.key(), q);
            track(pod);
            pushActive(q);
        } finally {
            lock.unlock();
        }
    }

    private void update(QueuedPod q, PodInfo pod) {
        q.pod = pod;
        track(pod);
        if (unschedulable.remove(pod.key()) != null) {
            pushActive(q); // the pod itself changed: worth another try now
        } else if (active.remove(q)) {
            active.add(q);
        } else if (backoff.remove(q)) {
            backoff.add(q);
        }
    }

    public void delete(String podKey) {
        lock.lock();
        try {
            QueuedPod q = all.remove(podKey);
            if (q != null) {
                active.remove(q);
                backoff.remove(q);
                unschedulable.remove(podKey);
            }
            untrack(podKey);
        } finally {
            lock.unlock();
        }
    }

    /** The next pod to schedule, waiting up to {@code timeout}; null on timeout or close. */
    public QueuedPod pop(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            // the wait is real time; the clock (injectable for tests) only drives back-off expiry
            long deadline = System.nanoTime() + timeout.toNanos();
            while (active.isEmpty() && !closed) {
                flushBackoffLocked();
                if (!active.isEmpty()) {
                    break;
                }
                long wait = Math.min(deadline - System.nanoTime(), nextBackoffWaitLocked());
                if (wait <= 0) {
                    return null;
                }
                nonEmpty.awaitNanos(wait);
            }
            if (closed) {
                return null;
            }
            QueuedPod q = active.poll();
            q.attempts++;
            q.poppedAtCycle = ++schedulingCycle;
            return q;
        } finally {
            lock.unlock();
        }
    }

    private long nextBackoffWaitLocked() {
        QueuedPod head = backoff.peek();
        return head == null ? Long.MAX_VALUE : Math.max(1_000_000, backoffExpiry(head) - clock.getAsLong());
    }

    /** A pod that fit no node: parked, unless the cluster changed while it was being scheduled (then backoff). */
    public void addUnschedulable(QueuedPod q) {
        lock.lock();
        try {
            if (all.get(q.pod.key()) != q) {
                return; // deleted or replaced while in flight
            }
            q.lastFailureNanos = clock.getAsLong();
            q.enqueuedNanos = q.lastFailureNanos;
            if (moveRequestCycle >= q.poppedAtCycle) {
                backoff.add(q);
            } else {
                unschedulable.put(q.pod.key(), q);
            }
        } finally {
            lock.unlock();
        }
    }

    /** A pod whose attempt failed for another reason (API error, binding conflict): retry after back-off. */
    public void addBackoff(QueuedPod q) {
        lock.lock();
        try {
            if (all.get(q.pod.key()) != q) {
                return;
            }
            q.lastFailureNanos = clock.getAsLong();
            q.enqueuedNanos = q.lastFailureNanos;
            backoff.add(q);
            nonEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The pod was bound (or given up): the queue forgets it. */
    public void done(String podKey) {
        lock.lock();
        try {
            QueuedPod q = all.get(podKey);
            if (q != null && !active.contains(q) && !backoff.contains(q) && !unschedulable.containsKey(podKey)) {
                all.remove(podKey);
            }
            untrack(podKey);
        } finally {
            lock.unlock();
        }
    }

    /** A cluster event that may make parked pods schedulable: each goes to activeQ, or backoffQ if still backing off. */
    public void moveAllToActiveOrBackoff() {
        lock.lock();
        try {
            moveRequestCycle = schedulingCycle;
            if (unschedulable.isEmpty()) {
                return;
            }
            long now = clock.getAsLong();
            for (QueuedPod q : unschedulable.values()) {
                if (backoffExpiry(q) > now) {
                    backoff.add(q);
                } else {
                    pushActive(q);
                }
            }
            unschedulable.clear();
            nonEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Periodic housekeeping: backoff → active when done; parked longer than the timeout → active/backoff. */
    public void flush() {
        lock.lock();
        try {
            flushBackoffLocked();
            long now = clock.getAsLong();
            for (Iterator<QueuedPod> it = unschedulable.values().iterator(); it.hasNext(); ) {
                QueuedPod q = it.next();
                if (now - q.enqueuedNanos >= unschedulableTimeoutNanos) {
                    it.remove();
                    if (backoffExpiry(q) > now) {
                        backoff.add(q);
                    } else {
                        pushActive(q);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void flushBackoffLocked() {
        long now = clock.getAsLong();
        while (!backoff.isEmpty() && backoffExpiry(backoff.peek()) <= now) {
            pushActive(backoff.poll());
        }
    }

    private void pushActive(QueuedPod q) {
        if (q.enqueuedNanos == 0) {
            q.enqueuedNanos = clock.getAsLong();
        }
        active.add(q);
        nonEmpty.signalAll();
    }

    long backoffExpiry(QueuedPod q) {
        long d = initialBackoffNanos;
        for (int i = 1; i < q.attempts && d < maxBackoffNanos; i++) {
            d *= 2;
        }
        return q.lastFailureNanos + Math.min(d, maxBackoffNanos);
    }

    /** Pods nominated (by preemption) to run on {@code node}. */
    public List<PodInfo> nominatedPods(String node) {
        lock.lock();
        try {
            Map<String, PodInfo> m = nominated.get(node);
            return m == null ? List.of() : new ArrayList<>(m.values());
        } finally {
            lock.unlock();
        }
    }

    public boolean hasNominatedPods() {
        lock.lock();
        try {
            return !nominated.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Records a nomination made in this process (before the informer sees status.nominatedNodeName). */
    public void nominate(PodInfo pod, String node) {
        lock.lock();
        try {
            untrack(pod.key());
            if (node != null && !node.isEmpty()) {
                nominated.computeIfAbsent(node, k -> new HashMap<>()).put(pod.key(), pod);
                nominatedNodeOf.put(pod.key(), node);
            }
        } finally {
            lock.unlock();
        }
    }

    private void track(PodInfo pod) {
        String node = pod.pod().getStatus() == null ? null : pod.pod().getStatus().getNominatedNodeName();
        if (node != null && !node.isEmpty()) {
            nominate(pod, node);
        } else if (!nominatedNodeOf.containsKey(pod.key())) {
            untrack(pod.key());
        }
    }

    private void untrack(String key) {
        String node = nominatedNodeOf.remove(key);
        if (node != null) {
            Map<String, PodInfo> m = nominated.get(node);
            m.remove(key);
            if (m.isEmpty()) {
                nominated.remove(node);
            }
        }
    }

    public int[] sizes() {
        lock.lock();
        try {
            return new int[] {active.size(), backoff.size(), unschedulable.size()};
        } finally {
            lock.unlock();
        }
    }

    public void close() {
        lock.lock();
        try {
            closed = true;
            nonEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
