package io.jube.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What the writers of one phase have seen so far: latencies, successes, failures by kind. */
final class PhaseTally {
    private static final byte[] REASON = JsonScan.key("reason");

    final LatencyRecorder latency;
    final AtomicInteger ok = new AtomicInteger();
    final AtomicInteger errors = new AtomicInteger();
    final AtomicLong lastFinish = new AtomicLong(System.nanoTime());
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    PhaseTally(int capacity) {
        this.latency = new LatencyRecorder(capacity);
    }

    /** Records one finished request whose latency counts from {@code from}; returns the time now. */
    long finish(int seq, int writer, long from, Http1Reply reply, Throwable failure, Phase.OnReply onReply) {
        long now = System.nanoTime();
        latency.record(now - from);
        lastFinish.accumulateAndGet(now, Math::max);
        if (failure == null && reply.ok()) {
            ok.incrementAndGet();
            if (onReply != null) {
                try {
                    onReply.accept(seq, writer, reply);
                } catch (RuntimeException e) {
                    fail("reply handling: " + e.getMessage());
                }
            }
        } else {
            errors.incrementAndGet();
            if (failure != null) {
                fail("io: " + failure.getClass().getSimpleName() + ": " + failure.getMessage());
            } else {
                String reason = reply.firstString(REASON);
                fail("HTTP " + reply.status() + (reason == null ? "" : " " + reason));
            }
        }
        return now;
    }

    void fail(String kind) {
        failures.merge(kind, 1, Integer::sum);
    }

    void fail(String kind, int n) {
        failures.merge(kind, n, Integer::sum);
    }

    Map<String, Integer> failures() {
        return new TreeMap<>(failures);
    }
}
