package io.jube.scheduler.plugins.noderesources;

import io.jube.scheduler.framework.CycleState;
import io.jube.scheduler.framework.NodeInfo;
import io.jube.scheduler.framework.Plugin;
import io.jube.scheduler.framework.PodInfo;

/** NodeResourcesBalancedAllocation: prefers nodes whose CPU and memory fractions stay close after placement. */
public final class BalancedAllocation implements Plugin.Score {
    public static final String NAME = "NodeResourcesBalancedAllocation";

    @Override
    public String name() {
        return NAME;
    }

    /** (1 − standard deviation of the requested fractions) × 100; for two resources std = |a − b| / 2. */
    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        double cpu = fraction(node.nonZeroMilliCpu() + pod.nonZeroMilliCpu(), node.allocatableMilliCpu());
        double mem = fraction(node.nonZeroMemory() + pod.nonZeroMemory(), node.allocatableMemory());
        double std = Math.abs(cpu - mem) / 2;
        return (long) ((1 - std) * 100);
    }

    private static double fraction(long requested, long capacity) {
        return capacity <= 0 ? 1 : Math.min(1, (double) requested / capacity);
    }
}
