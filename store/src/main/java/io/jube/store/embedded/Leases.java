package io.jube.store.embedded;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lease table in memory: deadline and attached keys per lease. Used by the writer thread only,
 * except {@link #earliestDeadline()} which the expiry ticker reads to decide when to wake it.
 */
final class Leases {
    private static final class Lease {
        final long deadlineMillis;
        final Set<String> keys = new LinkedHashSet<>();

        Lease(long deadlineMillis) {
            this.deadlineMillis = deadlineMillis;
        }
    }

    private final Map<Long, Lease> leases = new HashMap<>();
    private volatile long earliestDeadline = Long.MAX_VALUE;

    void add(long id, long deadlineMillis) {
        leases.put(id, new Lease(deadlineMillis));
        earliestDeadline = Math.min(earliestDeadline, deadlineMillis);
    }

    boolean contains(long id) {
        return leases.containsKey(id);
    }

    /** Moves {@code key} from lease {@code from} to lease {@code to} (0 = none). */
    void move(String key, long from, long to) {
        if (from == to) {
            return;
        }
        Lease old = leases.get(from);
        if (old != null) {
            old.keys.remove(key);
        }
        Lease now = leases.get(to);
        if (now != null) {
            now.keys.add(key);
        }
    }

    /** Removes the lease and returns its keys. */
    List<String> remove(long id) {
        Lease l = leases.remove(id);
        recomputeEarliest();
        return l == null ? List.of() : new ArrayList<>(l.keys);
    }

    List<Long> expired(long nowMillis) {
        List<Long> out = new ArrayList<>();
        leases.forEach((id, l) -> {
            if (l.deadlineMillis <= nowMillis) {
                out.add(id);
            }
        });
        return out;
    }

    long earliestDeadline() {
        return earliestDeadline;
    }

    private void recomputeEarliest() {
        long min = Long.MAX_VALUE;
        for (Lease l : leases.values()) {
            min = Math.min(min, l.deadlineMillis);
        }
        earliestDeadline = min;
    }
}
