package io.jube.scheduler.framework;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Why a pod fits no node, rendered as Kubernetes renders it: {@code 0/N nodes are available: } then either the
 * PreFilter message or the per-node reasons counted and sorted as strings, then the PostFilter message.
 */
public final class FitError {
    private final int numAllNodes;
    private final Map<String, Status> nodeStatuses;
    private final String preFilterMessage;
    private volatile String postFilterMessage;

    public FitError(int numAllNodes, Map<String, Status> nodeStatuses, String preFilterMessage) {
        this.numAllNodes = numAllNodes;
        this.nodeStatuses = nodeStatuses;
        this.preFilterMessage = preFilterMessage;
    }

    public int numAllNodes() { return numAllNodes; }
    public Map<String, Status> nodeStatuses() { return nodeStatuses; }
    public String postFilterMessage() { return postFilterMessage; }

    public void setPostFilterMessage(String m) {
        postFilterMessage = m;
    }

    /** The status recorded for a node (nodes never evaluated count as not rejected). */
    public Status status(String node) {
        return nodeStatuses.getOrDefault(node, Status.SUCCESS);
    }

    public String message() {
        StringBuilder sb = new StringBuilder("0/").append(numAllNodes).append(" nodes are available:");
        if (preFilterMessage != null && !preFilterMessage.isEmpty()) {
            sb.append(' ').append(preFilterMessage).append('.');
        } else {
            String histogram = histogram(nodeStatuses.values());
            if (!histogram.isEmpty()) {
                sb.append(' ').append(histogram).append('.');
            }
        }
        if (postFilterMessage != null && !postFilterMessage.isEmpty()) {
            sb.append(' ').append(postFilterMessage);
            if (!postFilterMessage.endsWith(".")) {
                sb.append('.');
            }
        }
        return sb.toString();
    }

    /** "3 Insufficient cpu, 2 node(s) ..." with entries sorted as strings, as Kubernetes does. */
    public static String histogram(Iterable<Status> statuses) {
        Map<String, Integer> counts = new HashMap<>();
        for (Status s : statuses) {
            for (String r : s.reasons()) {
                counts.merge(r, 1, Integer::sum);
            }
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((reason, n) -> parts.add(n + " " + reason));
        parts.sort(null);
        return String.join(", ", parts);
    }
}
