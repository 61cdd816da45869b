package io.jube.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps every latency sample (nanoseconds) of one phase in a preallocated array, so percentiles
 * are exact rather than bucketed. Phases are bounded in count, so the array size is too;
 * samples beyond the capacity are counted but not kept.
 */
public final class LatencyRecorder {
    private final long[] samples;
    private final AtomicInteger next = new AtomicInteger();

    public LatencyRecorder(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
        }
        this.samples = new long[capacity];
    }

    /** Thread-safe: each caller gets its own slot. */
    public void record(long nanos) {
        int i = next.getAndIncrement();
        if (i < samples.length) {
            samples[i] = nanos;
        }
    }

    /** A sorted snapshot; call once recording has stopped. */
    public Summary summary() {
        int n = Math.min(next.get(), samples.length);
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        return new Summary(sorted);
    }

    /** Percentiles of a sorted set of samples, by the nearest-rank method. */
    public static final class Summary {
        private final long[] sorted;

        Summary(long[] sorted) {
            this.sorted = sorted;
        }

        public int count() {
            return sorted.length;
        }

        /** The smallest sample at or above p percent of all samples; 0 when there are none. */
        public long percentileNanos(double p) {
            if (p <= 0 || p > 100) {
                throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
            }
            if (sorted.length == 0) {
                return 0;
            }
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, rank - 1)];
        }

        public long maxNanos() {
            return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
        }

        public double millis(double p) {
            return percentileNanos(p) / 1e6;
        }

        public double maxMillis() {
            return maxNanos() / 1e6;
        }
    }
}
