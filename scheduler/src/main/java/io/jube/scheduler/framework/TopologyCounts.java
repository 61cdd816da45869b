package io.jube.scheduler.framework;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts (or score sums) per topology domain, keyed by label key then value, so a node's domains are looked up
 * with its own label map (O(keys) per node, no key objects allocated) and an update changes a cell in place.
 */
public final class TopologyCounts {
    private final Map<String, Map<String, long[]>> byKey = new HashMap<>();
    /** How many cells are above zero, so "does any domain have a match" is O(1). */
    private int positive;

    public TopologyCounts copy() {
        TopologyCounts c = new TopologyCounts();
        byKey.forEach((k, values) -> {
            Map<String, long[]> m = new HashMap<>(values.size() * 2);
            values.forEach((v, cell) -> m.put(v, new long[] {cell[0]}));
            c.byKey.put(k, m);
        });
        c.positive = positive;
        return c;
    }

    /** Adds {@code delta} to the domain {@code key=value}, registering the domain (also with 0). */
    public void add(String key, String value, long delta) {
        long[] cell = byKey.computeIfAbsent(key, k -> new HashMap<>()).computeIfAbsent(value, v -> new long[1]);
        boolean was = cell[0] > 0;
        cell[0] += delta;
        positive += (cell[0] > 0 ? 1 : 0) - (was ? 1 : 0);
    }

    public long get(String key, String value) {
        Map<String, long[]> values = byKey.get(key);
        long[] cell = values == null || value == null ? null : values.get(value);
        return cell == null ? 0 : cell[0];
    }

    /** Whether any domain has a count above zero. */
    public boolean anyPositive() {
        return positive > 0;
    }

    /** Whether a domain the node (by its labels) belongs to has a count above zero. */
    public boolean anyPositiveAt(Map<String, String> labels) {
        if (positive == 0) {
            return false;
        }
        for (var e : byKey.entrySet()) {
            String v = labels.get(e.getKey());
            long[] cell = v == null ? null : e.getValue().get(v);
            if (cell != null && cell[0] > 0) {
                return true;
            }
        }
        return false;
    }

    /** The sum over the domains the node (by its labels) belongs to. */
    public long sumAt(Map<String, String> labels) {
        long sum = 0;
        for (var e : byKey.entrySet()) {
            String v = labels.get(e.getKey());
            long[] cell = v == null ? null : e.getValue().get(v);
            sum += cell == null ? 0 : cell[0];
        }
        return sum;
    }

    /** The registered domains of {@code key}. */
    public int domains(String key) {
        Map<String, long[]> values = byKey.get(key);
        return values == null ? 0 : values.size();
    }

    /** The smallest count among the domains of {@code key} (Long.MAX_VALUE when none). */
    public long min(String key) {
        Map<String, long[]> values = byKey.get(key);
        long min = Long.MAX_VALUE;
        if (values != null) {
            for (long[] cell : values.values()) {
                min = Math.min(min, cell[0]);
            }
        }
        return min;
    }

    /** Drops the domains whose count is zero (a score map keeps only domains that change a score). */
    public void removeZeros() {
        byKey.values().forEach(m -> m.values().removeIf(c -> c[0] == 0));
        byKey.values().removeIf(Map::isEmpty);
    }

    public boolean isEmpty() {
        return byKey.isEmpty();
    }
}
