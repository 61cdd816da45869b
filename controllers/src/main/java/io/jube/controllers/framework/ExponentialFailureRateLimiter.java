package io.jube.controllers.framework;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Per-key exponential back-off: base * 2^failures, capped at max. */
public final class ExponentialFailureRateLimiter implements RateLimiter {
    private final long baseNanos;
    private final long maxNanos;
    private final Map<String, Integer> failures = new HashMap<>();

    public ExponentialFailureRateLimiter(Duration base, Duration max) {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= max");
        }
        this.baseNanos = base.toNanos();
        this.maxNanos = max.toNanos();
    }

    @Override
    public synchronized Duration when(String key) {
        int exp = failures.merge(key, 1, Integer::sum) - 1;
        // base * 2^exp overflows long after 62 - log2(base) doublings; anything that large is past max anyway
        if (exp >= 62 || baseNanos > (maxNanos >> Math.min(exp, 62))) {
            return Duration.ofNanos(maxNanos);
        }
        return Duration.ofNanos(Math.min(maxNanos, baseNanos << exp));
    }

    @Override
    public synchronized void forget(String key) {
        failures.remove(key);
    }

    @Override
    public synchronized int numRequeues(String key) {
        return failures.getOrDefault(key, 0);
    }
}
