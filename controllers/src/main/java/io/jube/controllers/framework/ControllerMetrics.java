package io.jube.controllers.framework;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of one controller (the workqueue_* and controller_* metrics of Kubernetes, in-process). */
public final class ControllerMetrics {
    final AtomicLong adds = new AtomicLong();
    final AtomicLong reconciles = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong requeues = new AtomicLong();
    final AtomicLong reconcileNanos = new AtomicLong();

    public long adds() {
        return adds.get();
    }

    public long reconciles() {
        return reconciles.get();
    }

    public long errors() {
        return errors.get();
    }

    public long retries() {
        return retries.get();
    }

    public long requeues() {
        return requeues.get();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("adds_total", adds.get());
        m.put("reconciles_total", reconciles.get());
        m.put("reconcile_errors_total", errors.get());
        m.put("retries_total", retries.get());
        m.put("requeues_total", requeues.get());
        m.put("reconcile_time_ms_total", reconcileNanos.get() / 1_000_000);
        return m;
    }
}
