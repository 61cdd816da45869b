package io.jube.scheduler.framework;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The cluster as one scheduling cycle sees it: an immutable list of NodeInfos plus lookups. */
public final class Snapshot {
    private final List<NodeInfo> nodes;
    private volatile Map<String, NodeInfo> byName;
    private volatile List<NodeInfo> withAffinity;
    private volatile List<NodeInfo> withRequiredAntiAffinity;

    public Snapshot(List<NodeInfo> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    public static Snapshot of(NodeInfo... nodes) {
        return new Snapshot(List.of(nodes));
    }

    public List<NodeInfo> nodes() {
        return nodes;
    }

    public NodeInfo get(String name) {
        Map<String, NodeInfo> m = byName;
        if (m == null) {
            m = new HashMap<>(nodes.size() * 2);
            for (NodeInfo n : nodes) {
                m.put(n.name(), n);
            }
            byName = m;
        }
        return m.get(name);
    }

    /** Nodes running at least one pod with any pod (anti-)affinity (InterPodAffinity only looks at these). */
    public List<NodeInfo> havePodsWithAffinity() {
        List<NodeInfo> l = withAffinity;
        if (l == null) {
            l = nodes.stream().filter(NodeInfo::hasPodsWithAffinity).toList();
            withAffinity = l;
        }
        return l;
    }

    public List<NodeInfo> havePodsWithRequiredAntiAffinity() {
        List<NodeInfo> l = withRequiredAntiAffinity;
        if (l == null) {
            l = nodes.stream().filter(NodeInfo::hasPodsWithRequiredAntiAffinity).toList();
            withRequiredAntiAffinity = l;
        }
        return l;
    }
}
