package io.jube.controllers.framework;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A de-duplicating, delaying, rate-limited work queue with client-go's guarantees:
 * <ul>
 *   <li>a key is queued at most once however often it is added (dirty set);</li>
 *   <li>a key is never handed to two workers at once: added while being processed, it is queued again
 *       only when the worker calls {@link #done};</li>
 *   <li>{@link #addAfter} keeps the earliest pending time per key; {@link #addRateLimited} delays by the
 *       {@link RateLimiter}, and {@link #forget} resets its back-off.</li>
 * </ul>
 * Delayed keys are promoted by the workers themselves while they wait in {@link #get}, so no timer thread is needed.
 */
public final class WorkQueue {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final Set<String> dirty = new HashSet<>();
    private final Set<String> processing = new HashSet<>();
    private final PriorityQueue<Delayed> delayed = new PriorityQueue<>();
    private final Map<String, Long> readyAt = new HashMap<>();
    private final RateLimiter limiter;
    private final LongSupplier nanoClock;
    private boolean shutdown;

    private record Delayed(long at, String key) implements Comparable<Delayed> {
        @Override
        public int compareTo(Delayed o) {
            return Long.compare(at, o.at);
        }
    }

    public WorkQueue(RateLimiter limiter) {
        this(limiter, System::nanoTime);
    }

    WorkQueue(RateLimiter limiter, LongSupplier nanoClock) {
        this.limiter = limiter;
        this.nanoClock = nanoClock;
    }

    public void add(String key) {
        lock.lock();
        try {
            addLocked(key);
        } finally {
            lock.unlock();
        }
    }

    private void addLocked(String key) {
        if (shutdown || !dirty.add(key)) {
            return;
        }
        if (!processing.contains(key)) {
            queue.addLast(key);
            changed.signal();
        }
    }

    /** Adds {@code key} once {@code delay} has passed (at once if it is not positive). */
    public void addAfter(String key, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            add(key);
            return;
        }
        lock.lock();
        try {
            if (shutdown) {
                return;
            }
            long at = nanoClock.getAsLong() + delay.toNanos();
            Long existing = readyAt.get(key);
            if (existing == null || at < existing) {
                readyAt.put(key, at);
                delayed.add(new Delayed(at, key));
                changed.signalAll(); // waiters recompute how long to sleep
            }
        } finally {
            lock.unlock();
        }
    }

    /** Adds {@code key} after the rate limiter's back-off for it. */
    public void addRateLimited(String key) {
        addAfter(key, limiter.when(key));
    }

    public void forget(String key) {
        limiter.forget(key);
    }

    public int numRequeues(String key) {
        return limiter.numRequeues(key);
    }

    /**
     * Blocks for the next key and marks it processing; {@code null} once the queue is shut down.
     * The caller must call {@link #done} with the key.
     */
    public String get() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                long now = nanoClock.getAsLong();
                promoteDue(now);
                if (shutdown) {
                    return null;
                }
                String key = queue.pollFirst();
                if (key != null) {
                    dirty.remove(key);
                    processing.add(key);
                    return key;
                }
                Delayed next = delayed.peek();
                if (next == null) {
                    changed.await();
                } else {
                    changed.awaitNanos(Math.max(1, next.at - now));
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Like {@link #get} but gives up after {@code timeout}, returning {@code null}. */
    public String poll(Duration timeout) throws InterruptedException {
        long deadline = nanoClock.getAsLong() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                long now = nanoClock.getAsLong();
                promoteDue(now);
                String key = shutdown ? null : queue.pollFirst();
                if (key != null) {
                    dirty.remove(key);
                    processing.add(key);
                    return key;
                }
                if (shutdown || now >= deadline) {
                    return null;
                }
                Delayed next = delayed.peek();
                long wait = deadline - now;
                if (next != null) {
                    wait = Math.min(wait, Math.max(1, next.at - now));
                }
                changed.awaitNanos(wait);
            }
        } finally {
            lock.unlock();
        }
    }

    private void promoteDue(long now) {
        while (!delayed.isEmpty() && delayed.peek().at <= now) {
            Delayed d = delayed.poll();
            Long at = readyAt.get(d.key);
            if (at != null && at == d.at) { // stale entries were superseded by an earlier time
                readyAt.remove(d.key);
                addLocked(d.key);
            }
        }
    }

    /** Ends processing of {@code key}; if it was added meanwhile it is queued again. */
    public void done(String key) {
        lock.lock();
        try {
            processing.remove(key);
            if (dirty.contains(key) && !shutdown) {
                queue.addLast(key);
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Keys ready to be processed now. */
    public int length() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Keys waiting for a delay to pass. */
    public int delayedLength() {
        lock.lock();
        try {
            return readyAt.size();
        } finally {
            lock.unlock();
        }
    }

    public void shutDown() {
        lock.lock();
        try {
            shutdown = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean isShutDown() {
        lock.lock();
        try {
            return shutdown;
        } finally {
            lock.unlock();
        }
    }

}
