package io.jube.controllers.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.jube.controllers.framework.Pods;
import io.jube.controllers.framework.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which pods a controller deletes first when it scales down (Kubernetes' ActivePodsWithRanks): the pods whose
 * loss hurts least come first —
 * <ol>
 *   <li>unscheduled before scheduled;</li>
 *   <li>Pending before Unknown before Running;</li>
 *   <li>not ready before ready;</li>
 *   <li>lower {@code controller.kubernetes.io/pod-deletion-cost} first;</li>
 *   <li>pods sharing a node with more of their siblings first (spreads the survivors);</li>
 *   <li>ready for a shorter time first;</li>
 *   <li>more container restarts first;</li>
 *   <li>newer first.</li>
 * </ol>
 */
public final class DeletionOrder {
    public static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

    private DeletionOrder() {
    }

    /** The {@code n} pods to delete from {@code pods}. */
    public static List<Pod> pick(List<Pod> pods, int n) {
        if (n >= pods.size()) {
            return List.copyOf(pods);
        }
        Map<String, Integer> perNode = new HashMap<>();
        for (Pod p : pods) {
            String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
            if (node != null && !node.isEmpty()) {
                perNode.merge(node, 1, Integer::sum);
            }
        }
        List<Pod> sorted = new ArrayList<>(pods);
        sorted.sort(comparator(perNode));
        return List.copyOf(sorted.subList(0, n));
    }

    static Comparator<Pod> comparator(Map<String, Integer> podsPerNode) {
        return Comparator.<Pod>comparingInt(p -> assigned(p) ? 1 : 0)
                .thenComparingInt(DeletionOrder::phaseOrdinal)
                .thenComparingInt(p -> Pods.isReady(p) ? 1 : 0)
                .thenComparingInt(DeletionOrder::deletionCost)
                .thenComparing(p -> -podsPerNode.getOrDefault(nodeOf(p), 0))
                .thenComparing(DeletionOrder::readySince, Comparator.nullsFirst(Comparator.<Instant>reverseOrder()))
                .thenComparing(p -> -Pods.restarts(p))
                .thenComparing(p -> created(p), Comparator.nullsFirst(Comparator.<Instant>reverseOrder()));
    }

    private static boolean assigned(Pod p) {
        String node = nodeOf(p);
        return node != null && !node.isEmpty();
    }

    private static String nodeOf(Pod p) {
        return p.getSpec() == null ? null : p.getSpec().getNodeName();
    }

    private static int phaseOrdinal(Pod p) {
        return switch (Pods.phase(p)) {
            case "Unknown" -> 1;
            case "Running" -> 2;
            default -> 0; // Pending or unset
        };
    }

    private static int deletionCost(Pod p) {
        var ann = p.getMetadata().getAnnotations();
        String v = ann == null ? null : ann.get(DELETION_COST);
        if (v == null) {
            return 0;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return 0; // the API server rejects invalid costs; treat leftovers as the default
        }
    }

    private static Instant readySince(Pod p) {
        // only meaningful between two ready pods; unready ones were already ordered first above
        return Pods.isReady(p) ? Pods.readySince(p) : null;
    }

    private static Instant created(Pod p) {
        return Times.parse(p.getMetadata().getCreationTimestamp());
    }
}
