package io.jube.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Zone disruption states as Kubernetes computes them, which guard against mass eviction when the problem is more
 * likely the control plane's view than the nodes: a zone whose nodes are all not Ready is fully disrupted; one with
 * more than 2 not-Ready nodes making up at least 55% is partially disrupted. Zones are the
 * {@code topology.kubernetes.io/zone} label ("" without it).
 */
final class Disruption {
    static final String ZONE_LABEL = "topology.kubernetes.io/zone";
    static final double UNHEALTHY_ZONE_THRESHOLD = 0.55;
    /** Zones up to this size stop evicting when partially disrupted (Kubernetes' large-cluster-size-threshold). */
    static final int LARGE_ZONE = 50;

    enum State { NORMAL, PARTIAL, FULL }

    private final Map<String, int[]> readyAndNot = new HashMap<>();

    Disruption(List<Node> nodes) {
        for (Node n : nodes) {
            int[] counts = readyAndNot.computeIfAbsent(zone(n), z -> new int[2]);
            counts["True".equals(NodeLifecycleController.readyStatus(n)) ? 0 : 1]++;
        }
    }

    static String zone(Node n) {
        Map<String, String> labels = n.getMetadata().getLabels();
        return labels == null ? "" : labels.getOrDefault(ZONE_LABEL, "");
    }

    State state(String zone) {
        int[] c = readyAndNot.getOrDefault(zone, new int[2]);
        if (c[0] == 0 && c[1] > 0) {
            return State.FULL;
        }
        if (c[1] > 2 && (double) c[1] / (c[0] + c[1]) >= UNHEALTHY_ZONE_THRESHOLD) {
            return State.PARTIAL;
        }
        return State.NORMAL;
    }

    boolean allZonesFullyDisrupted() {
        return !readyAndNot.isEmpty() && readyAndNot.keySet().stream().allMatch(z -> state(z) == State.FULL);
    }

    /** Whether new NoExecute taints may be placed on nodes of {@code zone}. */
    boolean mayEvict(String zone) {
        return switch (state(zone)) {
            case NORMAL -> true;
            case PARTIAL -> size(zone) > LARGE_ZONE; // Kubernetes evicts slower there; Jube does not rate-limit yet
            case FULL -> false;
        };
    }

    private int size(String zone) {
        int[] c = readyAndNot.getOrDefault(zone, new int[2]);
        return c[0] + c[1];
    }
}
