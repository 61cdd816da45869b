package io.jube.bench;

import java.util.SplittableRandom;

/**
 * The send schedule of an open-loop phase and its late-send accounting, free of I/O and of any
 * clock of its own (times are passed in), so it can be tested with made-up times.
 *
 * <p>W writers together offer R requests/s: request {@code seq} belongs to writer {@code seq % W}
 * and is due at {@code start + seq/R}, moved by a small random jitter (at most ±{@code jitter} of
 * a writer's interval W/R, so a writer's own slots stay in order). Each writer has at most one
 * request in flight: when it becomes free (its previous reply arrived) after its next slot was
 * due, it sends at once and the send counts as late; latency is still measured from the slot's
 * time, so queueing behind a slow reply is not hidden (no coordinated omission). The schedule
 * ends at {@code maxOps} requests or at {@code start + duration}; slots due before that end that
 * a writer was still too far behind to send are counted as unsent.
 */
final class PacedSchedule {
    private final int writers;
    private final int maxOps;
    private final long start;
    private final long end;
    private final double nanosPerOp;
    private final double jitterNanos;
    private final long seed;

    PacedSchedule(int writers, double ratePerSecond, int maxOps, long startNanos, long durationNanos,
                  double jitter, long seed) {
        if (writers < 1 || maxOps < 1 || !(ratePerSecond > 0) || durationNanos < 0 || jitter < 0 || jitter >= 0.5) {
            throw new IllegalArgumentException("need writers >= 1, maxOps >= 1, rate > 0, duration >= 0, 0 <= jitter < 0.5");
        }
        this.writers = writers;
        this.maxOps = maxOps;
        this.start = startNanos;
        this.end = startNanos + durationNanos;
        this.nanosPerOp = 1e9 / ratePerSecond;
        this.jitterNanos = jitter * writers * nanosPerOp;
        this.seed = seed;
    }

    long start() {
        return start;
    }

    /** Writer {@code w}'s cursor; confine each to one thread (the writer's event loop). */
    Writer writer(int w) {
        if (w < 0 || w >= writers) {
            throw new IllegalArgumentException("writer " + w + " of " + writers);
        }
        return new Writer(w);
    }

    final class Writer {
        /** What {@link #next} returns when the writer has nothing more to send. */
        static final long DONE = -1;

        private final SplittableRandom random;
        private int seq;
        private long scheduled;
        private boolean done;
        private boolean currentLate;
        private boolean byTime;
        private int sent;
        private int late;
        private int unsent;

        private Writer(int w) {
            this.random = new SplittableRandom(seed * 1_000_003L + w); // reproducible per writer
            this.seq = w - writers;
        }

        /**
         * The writer is free at {@code now} (the phase started, or its previous reply arrived):
         * moves to its next slot and returns how many nanoseconds to wait before sending it
         * (0 = send now), or {@link #DONE}.
         */
        long next(long now) {
            if (done) {
                return DONE;
            }
            seq += writers;
            if (seq >= maxOps) {
                done = true;
                return DONE;
            }
            if ((scheduled = slotTime()) >= end) {
                done = true;
                byTime = true;
                return DONE;
            }
            if (now >= end) { // still behind at the time bound: this slot and its due successors go unsent
                done = true;
                byTime = true;
                unsent = 1 + countDueSlots();
                return DONE;
            }
            sent++;
            currentLate = now > scheduled;
            if (currentLate) {
                late++;
                return 0;
            }
            return scheduled - now;
        }

        /** Global number of the current slot (valid after {@link #next} returned a delay). */
        int seq() {
            return seq;
        }

        /** When the current slot was due: latency is measured from here. */
        long scheduled() {
            return scheduled;
        }

        /** Whether the current slot's send was late (the writer was busy when it fell due). */
        boolean lateNow() {
            return currentLate;
        }

        /** Whether the time bound, rather than the count, ended this writer's schedule. */
        boolean stoppedByTime() {
            return byTime;
        }

        int sent() {
            return sent;
        }

        int late() {
            return late;
        }

        int unsent() {
            return unsent;
        }

        private long slotTime() {
            double j = jitterNanos == 0 ? 0 : (random.nextDouble() * 2 - 1) * jitterNanos;
            return Math.max(start, start + Math.round(seq * nanosPerOp + j));
        }

        private int countDueSlots() {
            int n = 0;
            while ((seq += writers) < maxOps && slotTime() < end) {
                n++;
            }
            return n;
        }
    }
}
