package io.jube.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The kubelet's container restart back-off: the first restart is immediate, each further one waits
 * twice as long as the last (10 s, 20 s, ... up to 5 min) counted from when the container exited;
 * a container that stayed up for twice the maximum starts over at the initial delay.
 * Not thread-safe: owned by one pod worker.
 */
final class CrashLoopBackOff {
    private final Duration initial;
    private final Duration max;
    private final Map<String, Entry> entries = new HashMap<>();

    private record Entry(Duration backOff, Instant lastUpdate) {
    }

    CrashLoopBackOff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    /** How long {@code key} must still wait after exiting at {@code exitedAt}; zero when it may restart. */
    Duration remaining(String key, Instant exitedAt, Instant now) {
        Entry e = entries.get(key);
        if (e == null || exitedAt == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(now, exitedAt.plus(e.backOff));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** The current back-off of {@code key} (for the CrashLoopBackOff message). */
    Duration current(String key) {
        Entry e = entries.get(key);
        return e == null ? initial : e.backOff;
    }

    /** Records a restart at {@code now}: the next one waits the doubled delay. */
    void restarted(String key, Instant now) {
        Entry e = entries.get(key);
        Duration next;
        if (e == null || Duration.between(e.lastUpdate, now).compareTo(max.multipliedBy(2)) > 0) {
            next = initial;
        } else {
            next = e.backOff.multipliedBy(2).compareTo(max) > 0 ? max : e.backOff.multipliedBy(2);
        }
        entries.put(key, new Entry(next, now));
    }

    /** Go's time.Duration text, as the kubelet prints it: 10s, 1m20s, 5m0s. */
    static String goDuration(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + (s % 60) + "s";
        }
        return (s / 3600) + "h" + (s % 3600 / 60) + "m" + (s % 60) + "s";
    }
}
