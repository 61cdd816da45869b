package io.jube.scheduler.plugins.noderesources;

import io.jube.scheduler.framework.CycleState;
import io.jube.scheduler.framework.NodeInfo;
import io.jube.scheduler.framework.Plugin;
import io.jube.scheduler.framework.PodInfo;
import io.jube.scheduler.framework.Resources;
import io.jube.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pod's requests must fit the node's allocatable minus what its pods request; scores with the
 * LeastAllocated strategy (Kubernetes' default: more free CPU and memory is better, equal weights).
 */
public final class NodeResourcesFit implements Plugin.Filter, Plugin.Score {
    public static final String NAME = "NodeResourcesFit";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        if (fits(pod.requests(), node)) {
            return Status.SUCCESS; // the common case, without building the list of reasons
        }
        List<String> reasons = insufficient(pod.requests(), node);
        return reasons.isEmpty() ? Status.SUCCESS : Status.unschedulable(reasons.toArray(String[]::new));
    }

    private static boolean fits(Resources want, NodeInfo node) {
        return node.podCount() + 1 <= node.allocatablePods()
                && (want.milliCpu <= 0 || want.milliCpu <= node.allocatableMilliCpu() - node.requestedMilliCpu())
                && (want.memory <= 0 || want.memory <= node.allocatableMemory() - node.requestedMemory())
                && (want.ephemeralStorage <= 0
                    || want.ephemeralStorage <= node.allocatableEphemeralStorage() - node.requestedEphemeralStorage())
                && want.scalar.isEmpty();
    }

    /** Every shortfall, each as its Kubernetes reason ("Too many pods", "Insufficient cpu", ...). */
    public static List<String> insufficient(Resources want, NodeInfo node) {
        List<String> reasons = new ArrayList<>(1);
        Resources alloc = node.allocatable();
        Resources used = node.requested();
        if (node.pods().size() + 1 > alloc.pods) {
            reasons.add("Too many pods");
        }
        if (want.milliCpu > 0 && want.milliCpu > alloc.milliCpu - used.milliCpu) {
            reasons.add("Insufficient cpu");
        }
        if (want.memory > 0 && want.memory > alloc.memory - used.memory) {
            reasons.add("Insufficient memory");
        }
        if (want.ephemeralStorage > 0 && want.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) {
            reasons.add("Insufficient ephemeral-storage");
        }
        for (Map.Entry<String, Long> e : want.scalar.entrySet()) {
            if (e.getValue() > 0 && e.getValue() > alloc.get(e.getKey()) - used.get(e.getKey())) {
                reasons.add("Insufficient " + e.getKey());
            }
        }
        return reasons;
    }

    /** LeastAllocated: mean over cpu and memory of (allocatable − requested) × 100 / allocatable. */
    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        long cpu = leastAllocated(node.nonZeroMilliCpu() + pod.nonZeroMilliCpu(), node.allocatableMilliCpu());
        long mem = leastAllocated(node.nonZeroMemory() + pod.nonZeroMemory(), node.allocatableMemory());
        return (cpu + mem) / 2;
    }

    private static long leastAllocated(long requested, long capacity) {
        if (capacity <= 0 || requested > capacity) {
            return 0;
        }
        return (capacity - requested) * 100 / capacity;
    }
}
