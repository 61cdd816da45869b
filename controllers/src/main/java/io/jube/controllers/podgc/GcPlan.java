package io.jube.controllers.podgc;

import io.fabric8.kubernetes.api.model.Pod;
import io.jube.controllers.framework.Pods;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** Which pods the pod garbage collector removes, from a snapshot of pods and nodes (pure, so it is unit-tested). */
record GcPlan(List<Pod> overThreshold, List<Pod> orphaned, List<Pod> unscheduledTerminating) {

    /**
     * @param threshold      terminated pods (Succeeded/Failed) kept at most; 0 or less disables that pass
     * @param nodeMissing    true if the named node is known not to exist
     */
    static GcPlan of(List<Pod> pods, int threshold, Predicate<String> nodeMissing) {
        List<Pod> overThreshold = new ArrayList<>();
        if (threshold > 0) {
            List<Pod> terminated = pods.stream().filter(p -> Set.of("Succeeded", "Failed").contains(Pods.phase(p))
                    && p.getMetadata().getDeletionTimestamp() == null).sorted(OLDEST_FIRST).toList();
            if (terminated.size() > threshold) {
                overThreshold.addAll(terminated.subList(0, terminated.size() - threshold));
            }
        }
        List<Pod> orphaned = new ArrayList<>();
        List<Pod> unscheduled = new ArrayList<>();
        for (Pod p : pods) {
            String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
            if (node == null || node.isEmpty()) {
                if (p.getMetadata().getDeletionTimestamp() != null) {
                    unscheduled.add(p);
                }
            } else if (nodeMissing.test(node)) {
                orphaned.add(p);
            }
        }
        return new GcPlan(overThreshold, orphaned, unscheduled);
    }

    private static final Comparator<Pod> OLDEST_FIRST = Comparator
            .comparing((Pod p) -> p.getMetadata().getCreationTimestamp() == null ? "" : p.getMetadata().getCreationTimestamp())
            .thenComparing(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName());
}
