package io.jube.scheduler.framework;

import java.util.concurrent.ConcurrentHashMap;

/** Per-cycle scratch data plugins share between their own extension points (keyed by plugin). */
public final class CycleState {
    private final ConcurrentHashMap<String, Object> data = new ConcurrentHashMap<>();
    /** Per extension point, which of the framework's plugins (by position) PreFilter/PreScore said to skip. */
    volatile boolean[] skippedFilters;
    volatile boolean[] skippedScores;

    public void write(String key, Object value) {
        data.put(key, value);
    }

    @SuppressWarnings("unchecked")
    public <T> T read(String key) {
        return (T) data.get(key);
    }

    /** A shallow copy for preemption dry runs; plugins that mutate state on add/remove copy their own data. */
    public CycleState copy() {
        CycleState c = new CycleState();
        data.forEach((k, v) -> c.data.put(k, v instanceof Copyable cp ? cp.copy() : v));
        c.skippedFilters = skippedFilters;
        c.skippedScores = skippedScores;
        return c;
    }

    /** State a plugin updates in place during preemption dry runs (AddPod/RemovePod). */
    public interface Copyable {
        Object copy();
    }
}
