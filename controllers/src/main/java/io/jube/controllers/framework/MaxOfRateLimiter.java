package io.jube.controllers.framework;

import java.time.Duration;
import java.util.List;

/** The longest delay any of several limiters asks for. */
public final class MaxOfRateLimiter implements RateLimiter {
    private final List<RateLimiter> limiters;

    public MaxOfRateLimiter(RateLimiter... limiters) {
        this.limiters = List.of(limiters);
    }

    @Override
    public Duration when(String key) {
        Duration max = Duration.ZERO;
        for (RateLimiter l : limiters) {
            Duration d = l.when(key);
            if (d.compareTo(max) > 0) {
                max = d;
            }
        }
        return max;
    }

    @Override
    public void forget(String key) {
        limiters.forEach(l -> l.forget(key));
    }

    @Override
    public int numRequeues(String key) {
        int max = 0;
        for (RateLimiter l : limiters) {
            max = Math.max(max, l.numRequeues(key));
        }
        return max;
    }
}
