package io.jube.controllers.framework;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * An overall token bucket (qps refill, burst capacity) shared by all keys: each retry reserves a token and waits
 * until it would be available, so a storm of failures cannot exceed qps once the burst is spent.
 */
public final class TokenBucketRateLimiter implements RateLimiter {
    private final double qps;
    private final double burst;
    private final LongSupplier nanoClock;
    private double tokens;
    private long lastNanos;

    public TokenBucketRateLimiter(double qps, int burst) {
        this(qps, burst, System::nanoTime);
    }

    TokenBucketRateLimiter(double qps, int burst, LongSupplier nanoClock) {
        if (qps <= 0 || burst <= 0) {
            throw new IllegalArgumentException("qps and burst must be positive");
        }
        this.qps = qps;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.tokens = burst;
        this.lastNanos = nanoClock.getAsLong();
    }

    @Override
    public synchronized Duration when(String key) {
        long now = nanoClock.getAsLong();
        tokens = Math.min(burst, tokens + (now - lastNanos) / 1e9 * qps);
        lastNanos = now;
        tokens -= 1;
        if (tokens >= 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) (-tokens / qps * 1e9));
    }

    @Override
    public void forget(String key) {
        // the bucket is shared: nothing per key to forget
    }

    @Override
    public int numRequeues(String key) {
        return 0;
    }
}
