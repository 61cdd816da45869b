package io.jube.bench;

import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An open-loop phase: {@code writers} connections that together offer a fixed rate, each sending
 * on its own schedule ({@link PacedSchedule}) with at most one request in flight, latency measured
 * from each request's scheduled time. Unlike a closed loop, the offered load does not drop when
 * the server slows down, so a latency target can be judged at a stated throughput.
 */
final class PacedPhase implements Phase {
    /** Jitter of each send, as a fraction of a writer's interval (±), so writers do not tick in lockstep. */
    static final double JITTER = 0.1;
    /** The schedule starts this long after the writers are told to go, so the first slots are not late. */
    private static final long LEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final HttpConnections connections;
    private final int writers;
    private final double rate;
    private final int maxOps;
    private final Duration maxTime;

    PacedPhase(HttpConnections connections, int writers, double ratePerSecond, int maxOps, Duration maxTime) {
        if (writers > connections.size()) {
            throw new IllegalArgumentException(writers + " writers but only " + connections.size() + " connections");
        }
        this.connections = connections;
        this.writers = writers;
        this.rate = ratePerSecond;
        this.maxOps = maxOps;
        this.maxTime = maxTime;
    }

    @Override
    public int writers() {
        return writers;
    }

    @Override
    public PhaseResult run(String scenario, String store, Operation op, OnReply onReply) {
        connections.connect(writers);
        PhaseTally tally = new PhaseTally(maxOps);
        CountDownLatch done = new CountDownLatch(writers);
        AtomicLong maxSendDelay = new AtomicLong();
        long start = System.nanoTime() + LEAD_NANOS;
        tally.lastFinish.set(start);
        PacedSchedule schedule = new PacedSchedule(writers, rate, maxOps, start, maxTime.toNanos(), JITTER, 42);
        Writer[] all = new Writer[writers];
        for (int w = 0; w < writers; w++) {
            Writer writer = new Writer(w, schedule.writer(w), connections.get(w), op, onReply, tally, done, maxSendDelay);
            all[w] = writer;
            writer.connection.context().runOnContext(v -> writer.free(System.nanoTime()));
        }
        boolean drained = LoadPhase.await(done, maxTime.plus(LoadPhase.DRAIN));
        long end = drained ? tally.lastFinish.get() : System.nanoTime();
        if (!drained) {
            tally.fail("abandoned in flight", (int) done.getCount());
        }
        int late = 0;
        int unsent = 0;
        boolean byTime = false;
        for (Writer w : all) { // written on the event loops before done.countDown(), so visible after await
            late += w.cursor.late();
            unsent += w.cursor.unsent();
            byTime |= w.cursor.stoppedByTime();
        }
        return new PhaseResult(scenario, store, writers, tally.ok.get(), tally.errors.get(), (end - start) / 1e9,
                tally.latency.summary(), tally.failures(), byTime ? "time" : "count", CpuMeter.Usage.NONE,
                new PhaseResult.Paced(rate, late, unsent, maxSendDelay.get() / 1e6));
    }

    /** One writer: its schedule cursor and connection; runs on the connection's event loop. */
    private static final class Writer implements HttpConnections.Handler, Runnable {
        final int id;
        final PacedSchedule.Writer cursor;
        final HttpConnections.Connection connection;
        final Operation op;
        final OnReply onReply;
        final PhaseTally tally;
        final CountDownLatch done;
        final AtomicLong maxSendDelay;

        Writer(int id, PacedSchedule.Writer cursor, HttpConnections.Connection connection, Operation op,
               OnReply onReply, PhaseTally tally, CountDownLatch done, AtomicLong maxSendDelay) {
            this.id = id;
            this.cursor = cursor;
            this.connection = connection;
            this.op = op;
            this.onReply = onReply;
            this.tally = tally;
            this.done = done;
            this.maxSendDelay = maxSendDelay;
        }

        /** The writer has nothing in flight at {@code now}: send its next slot now, later, or stop. */
        void free(long now) {
            long wait = cursor.next(now);
            if (wait == PacedSchedule.Writer.DONE) {
                done.countDown();
            } else if (wait == 0) {
                run();
            } else {
                connection.eventLoop().schedule(this, wait, TimeUnit.NANOSECONDS);
            }
        }

        /** Sends the current slot (the timer calls this when it is due). */
        @Override
        public void run() {
            int seq = cursor.seq();
            if (!cursor.lateNow()) {
                long delay = System.nanoTime() - cursor.scheduled();
                if (delay > maxSendDelay.get()) {
                    maxSendDelay.accumulateAndGet(delay, Math::max);
                }
            }
            Buffer request;
            try {
                request = op.request(seq, id);
            } catch (RuntimeException e) {
                long now = tally.finish(seq, id, cursor.scheduled(), null, e, null);
                connection.context().runOnContext(v -> free(now)); // a fresh stack: instant failures must not recurse
                return;
            }
            connection.send(request, this);
        }

        @Override
        public void done(Http1Reply reply, Throwable failure) {
            free(tally.finish(cursor.seq(), id, cursor.scheduled(), reply, failure, onReply));
        }
    }
}
