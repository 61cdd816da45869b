package io.jube.scheduler.framework;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;

/** An amount of the schedulable resources: milli-CPU, bytes of memory and ephemeral storage, pod count, extended. */
public final class Resources {
    public static final String CPU = "cpu";
    public static final String MEMORY = "memory";
    public static final String EPHEMERAL_STORAGE = "ephemeral-storage";
    public static final String PODS = "pods";

    public long milliCpu;
    public long memory;
    public long ephemeralStorage;
    public long pods;
    /** Extended resources (e.g. nvidia.com/gpu, hugepages-2Mi) in their integer unit. */
    public Map<String, Long> scalar = Map.of();

    public static Resources of(Map<String, Quantity> list) {
        Resources r = new Resources();
        if (list != null) {
            list.forEach(r::add);
        }
        return r;
    }

    public void add(String name, Quantity q) {
        switch (name) {
            case CPU -> milliCpu += milli(q);
            case MEMORY -> memory += value(q);
            case EPHEMERAL_STORAGE -> ephemeralStorage += value(q);
            case PODS -> pods += value(q);
            default -> addScalar(name, value(q));
        }
    }

    public void addScalar(String name, long v) {
        if (scalar.isEmpty()) {
            scalar = new HashMap<>();
        }
        scalar.merge(name, v, Long::sum);
    }

    public void add(Resources o) {
        milliCpu += o.milliCpu;
        memory += o.memory;
        ephemeralStorage += o.ephemeralStorage;
        pods += o.pods;
        o.scalar.forEach(this::addScalar);
    }

    public void subtract(Resources o) {
        milliCpu -= o.milliCpu;
        memory -= o.memory;
        ephemeralStorage -= o.ephemeralStorage;
        pods -= o.pods;
        o.scalar.forEach((k, v) -> addScalar(k, -v));
    }

    /** Element-wise maximum (the init-container rule). */
    public void max(Resources o) {
        milliCpu = Math.max(milliCpu, o.milliCpu);
        memory = Math.max(memory, o.memory);
        ephemeralStorage = Math.max(ephemeralStorage, o.ephemeralStorage);
        o.scalar.forEach((k, v) -> {
            if (v > scalar.getOrDefault(k, 0L)) {
                addScalar(k, v - scalar.getOrDefault(k, 0L));
            }
        });
    }

    public Resources copy() {
        Resources r = new Resources();
        r.add(this);
        return r;
    }

    public long get(String name) {
        return switch (name) {
            case CPU -> milliCpu;
            case MEMORY -> memory;
            case EPHEMERAL_STORAGE -> ephemeralStorage;
            case PODS -> pods;
            default -> scalar.getOrDefault(name, 0L);
        };
    }

    static long milli(Quantity q) {
        return amount(q).movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    static long value(Quantity q) {
        return amount(q).setScale(0, RoundingMode.CEILING).longValue();
    }

    private static BigDecimal amount(Quantity q) {
        try {
            return q == null || q.getAmount() == null ? BigDecimal.ZERO : q.getNumericalAmount();
        } catch (RuntimeException e) {
            return BigDecimal.ZERO; // malformed quantities were refused by validation; never crash the scheduler
        }
    }

    @Override
    public String toString() {
        return "cpu=" + milliCpu + "m memory=" + memory + " pods=" + pods + (scalar.isEmpty() ? "" : " " + scalar);
    }
}
