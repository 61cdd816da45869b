package io.jube.bench;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load phase: {@code clients} independent request chains, each sending its next
 * request when the previous one is answered, until {@code maxOps} requests have been started or
 * {@code maxTime} has passed, whichever comes first.
 */
final class LoadPhase {
    /** One request; {@code worker} is the chain (0..clients-1), {@code seq} the global request number. */
    interface Operation {
        Future<KubeHttp.Reply> run(int seq, int worker);
    }

    /** Called with each successful reply on the event loop; used to remember resourceVersions. */
    interface OnReply {
        void accept(int seq, int worker, KubeHttp.Reply reply);
    }

    /** Slack over maxTime for in-flight requests to finish before the phase is abandoned. */
    private static final Duration DRAIN = Duration.ofSeconds(60);

    private final Vertx vertx;
    private final int clients;
    private final int maxOps;
    private final Duration maxTime;

    LoadPhase(Vertx vertx, int clients, int maxOps, Duration maxTime) {
        if (clients < 1 || maxOps < 1) {
            throw new IllegalArgumentException("clients and maxOps must be >= 1");
        }
        this.vertx = vertx;
        this.clients = clients;
        this.maxOps = maxOps;
        this.maxTime = maxTime;
    }

    PhaseResult run(String scenario, String store, Operation op, OnReply onReply) {
        Run run = new Run(op, onReply);
        long start = System.nanoTime();
        run.deadline = start + maxTime.toNanos();
        for (int w = 0; w < clients; w++) {
            int worker = w;
            vertx.runOnContext(v -> run.next(worker));
        }
        boolean drained;
        try {
            drained = run.done.await(maxTime.plus(DRAIN).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        long end = drained ? run.lastFinish.get() : System.nanoTime();
        if (!drained) {
            run.failures.merge("abandoned in flight", (int) run.done.getCount(), Integer::sum);
        }
        String stoppedBy = run.started.get() >= maxOps ? "count" : "time";
        return new PhaseResult(scenario, store, clients, run.ok.get(), run.errors.get(),
                (end - start) / 1e9, run.latency.summary(), new TreeMap<>(run.failures), stoppedBy, CpuMeter.Usage.NONE);
    }

    private final class Run {
        final Operation op;
        final OnReply onReply;
        final LatencyRecorder latency = new LatencyRecorder(maxOps);
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        final AtomicLong lastFinish = new AtomicLong(System.nanoTime());
        final Map<String, Integer> failures = new ConcurrentHashMap<>();
        final CountDownLatch done = new CountDownLatch(clients);
        volatile long deadline;

        Run(Operation op, OnReply onReply) {
            this.op = op;
            this.onReply = onReply;
        }

        void next(int worker) {
            if (System.nanoTime() >= deadline) {
                done.countDown();
                return;
            }
            int seq = started.getAndIncrement();
            if (seq >= maxOps) {
                done.countDown();
                return;
            }
            long t0 = System.nanoTime();
            Future<KubeHttp.Reply> f;
            try {
                f = op.run(seq, worker);
            } catch (RuntimeException e) {
                f = Future.failedFuture(e);
            }
            if (f.isComplete()) { // finish on a fresh stack so a run of instant failures cannot recurse
                Future<KubeHttp.Reply> completed = f;
                vertx.runOnContext(v -> finish(seq, worker, t0, completed));
            } else {
                f.onComplete(ar -> finish(seq, worker, t0, ar));
            }
        }

        private void finish(int seq, int worker, long t0, AsyncResult<KubeHttp.Reply> ar) {
            long now = System.nanoTime();
            latency.record(now - t0);
            lastFinish.accumulateAndGet(now, Math::max);
            if (ar.succeeded() && ar.result().ok()) {
                ok.incrementAndGet();
                if (onReply != null) {
                    try {
                        onReply.accept(seq, worker, ar.result());
                    } catch (RuntimeException e) {
                        failures.merge("reply handling: " + e.getMessage(), 1, Integer::sum);
                    }
                }
            } else {
                errors.incrementAndGet();
                String kind = ar.succeeded() ? "HTTP " + ar.result().status() + " " + reason(ar.result())
                        : "io: " + ar.cause().getClass().getSimpleName() + ": " + ar.cause().getMessage();
                failures.merge(kind, 1, Integer::sum);
            }
            next(worker);
        }
    }

    private static String reason(KubeHttp.Reply reply) {
        String r = JsonScan.firstString(reply.text(), "reason");
        return r == null ? "" : r;
    }
}
