package io.jube.bench;

import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed-loop load phase: {@code clients} independent request chains, each on its own
 * keep-alive connection, sending its next request when the previous one is answered, until
 * {@code maxOps} requests have been started or {@code maxTime} has passed, whichever comes first.
 * This measures saturation: with C clients, mean latency = C / throughput (Little's law).
 */
final class LoadPhase implements Phase {
    /** Slack over maxTime for in-flight requests to finish before the phase is abandoned. */
    static final Duration DRAIN = Duration.ofSeconds(60);

    private final HttpConnections connections;
    private final int clients;
    private final int maxOps;
    private final Duration maxTime;

    LoadPhase(HttpConnections connections, int clients, int maxOps, Duration maxTime) {
        if (clients < 1 || maxOps < 1) {
            throw new IllegalArgumentException("clients and maxOps must be >= 1");
        }
        if (clients > connections.size()) {
            throw new IllegalArgumentException(clients + " clients but only " + connections.size() + " connections");
        }
        this.connections = connections;
        this.clients = clients;
        this.maxOps = maxOps;
        this.maxTime = maxTime;
    }

    @Override
    public int writers() {
        return clients;
    }

    @Override
    public PhaseResult run(String scenario, String store, Operation op, OnReply onReply) {
        connections.connect(clients);
        PhaseTally tally = new PhaseTally(maxOps);
        AtomicInteger started = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(clients);
        long start = System.nanoTime();
        long deadline = start + maxTime.toNanos();
        tally.lastFinish.set(start);
        for (int w = 0; w < clients; w++) {
            Chain chain = new Chain(w, connections.get(w), op, onReply, tally, started, done, deadline);
            chain.connection.context().runOnContext(v -> chain.next());
        }
        boolean drained = await(done, maxTime.plus(DRAIN));
        long end = drained ? tally.lastFinish.get() : System.nanoTime();
        if (!drained) {
            tally.fail("abandoned in flight", (int) done.getCount());
        }
        String stoppedBy = started.get() >= maxOps ? "count" : "time";
        return new PhaseResult(scenario, store, clients, tally.ok.get(), tally.errors.get(), (end - start) / 1e9,
                tally.latency.summary(), tally.failures(), stoppedBy, CpuMeter.Usage.NONE, null);
    }

    static boolean await(CountDownLatch latch, Duration timeout) {
        try {
            return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** One client's chain of requests; runs on its connection's event loop. Reused per request (no allocation). */
    private final class Chain implements HttpConnections.Handler {
        final int worker;
        final HttpConnections.Connection connection;
        final Operation op;
        final OnReply onReply;
        final PhaseTally tally;
        final AtomicInteger started;
        final CountDownLatch done;
        final long deadline;
        int seq;
        long t0;

        Chain(int worker, HttpConnections.Connection connection, Operation op, OnReply onReply, PhaseTally tally,
              AtomicInteger started, CountDownLatch done, long deadline) {
            this.worker = worker;
            this.connection = connection;
            this.op = op;
            this.onReply = onReply;
            this.tally = tally;
            this.started = started;
            this.done = done;
            this.deadline = deadline;
        }

        void next() {
            if (System.nanoTime() >= deadline || (seq = started.getAndIncrement()) >= maxOps) {
                done.countDown();
                return;
            }
            t0 = System.nanoTime();
            Buffer request;
            try {
                request = op.request(seq, worker);
            } catch (RuntimeException e) {
                tally.finish(seq, worker, t0, null, e, null);
                connection.context().runOnContext(v -> next()); // a fresh stack: instant failures must not recurse
                return;
            }
            connection.send(request, this); // never calls back from within send
        }

        @Override
        public void done(Http1Reply reply, Throwable failure) {
            tally.finish(seq, worker, t0, reply, failure, onReply);
            next();
        }
    }
}
