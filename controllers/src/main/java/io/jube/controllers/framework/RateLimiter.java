package io.jube.controllers.framework;

import java.time.Duration;

/** Decides how long a key waits before it is retried (client-go's workqueue.RateLimiter). */
public interface RateLimiter {
    /** The delay before the next retry of {@code key}; counts this as one more failure. */
    Duration when(String key);

    /** Clears the failure history of {@code key} after a success. */
    void forget(String key);

    int numRequeues(String key);

    /** The controller default: per-key exponential back-off 5ms..1000s, bounded by a 10 qps / 100 burst bucket. */
    static RateLimiter defaultControllerRateLimiter() {
        return new MaxOfRateLimiter(
                new ExponentialFailureRateLimiter(Duration.ofMillis(5), Duration.ofSeconds(1000)),
                new TokenBucketRateLimiter(10, 100));
    }
}
