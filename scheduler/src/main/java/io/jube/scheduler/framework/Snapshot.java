package io.jube.scheduler.framework;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster as one scheduling cycle sees it: the NodeInfos plus lookups. It does not change during a cycle;
 * between cycles the cache {@link #update updates} it in place for the nodes that changed (as Kubernetes' cache
 * does by node generation), so taking a snapshot costs O(changed nodes), not O(nodes).
 */
public final class Snapshot {
    private final NodeInfo[] nodes;
    private final List<NodeInfo> view;
    private final Map<String, Integer> index;
    /** Indices of the nodes with pods with any (anti-)affinity / required anti-affinity, kept up to date in update. */
    private final BitSet affinityBits = new BitSet();
    private final BitSet antiAffinityBits = new BitSet();
    private final BitSet podBits = new BitSet();
    private volatile List<NodeInfo> withAffinity;
    private volatile List<NodeInfo> withRequiredAntiAffinity;
    private volatile List<NodeInfo> withPods;
    /** label key → how many distinct values nodes have for it; dropped when any node's labels change. */
    private final Map<String, Integer> domainCounts = new ConcurrentHashMap<>();

    public Snapshot(List<NodeInfo> nodes) {
        this.nodes = nodes.toArray(NodeInfo[]::new);
        this.view = Collections.unmodifiableList(Arrays.asList(this.nodes));
        this.index = new HashMap<>(this.nodes.length * 2);
        for (int i = 0; i < this.nodes.length; i++) {
            index.put(this.nodes[i].name(), i);
            affinityBits.set(i, this.nodes[i].hasPodsWithAffinity());
            antiAffinityBits.set(i, this.nodes[i].hasPodsWithRequiredAntiAffinity());
            podBits.set(i, !this.nodes[i].pods().isEmpty());
        }
    }

    public static Snapshot of(NodeInfo... nodes) {
        return new Snapshot(List.of(nodes));
    }

    public List<NodeInfo> nodes() {
        return view;
    }

    public NodeInfo get(String name) {
        Integer i = index.get(name);
        return i == null ? null : nodes[i];
    }

    /**
     * Replaces the NodeInfo of a node this snapshot holds (only between cycles, by the cache); false if the node is
     * not in it (then the caller rebuilds the snapshot).
     */
    public boolean update(NodeInfo n) {
        Integer i = index.get(n.name());
        if (i == null) {
            return false;
        }
        NodeInfo old = nodes[i];
        nodes[i] = n;
        if (old.labels() != n.labels() && !old.labels().equals(n.labels())) {
            domainCounts.clear();
        }
        if (old.hasPodsWithAffinity() || n.hasPodsWithAffinity()) {
            affinityBits.set(i, n.hasPodsWithAffinity());
            withAffinity = null;
        }
        if (old.hasPodsWithRequiredAntiAffinity() || n.hasPodsWithRequiredAntiAffinity()) {
            antiAffinityBits.set(i, n.hasPodsWithRequiredAntiAffinity());
            withRequiredAntiAffinity = null;
        }
        if (!old.pods().isEmpty() || !n.pods().isEmpty()) {
            podBits.set(i, !n.pods().isEmpty());
            withPods = null;
        }
        return true;
    }

    /** Nodes running at least one pod with any pod (anti-)affinity (InterPodAffinity only looks at these). */
    public List<NodeInfo> havePodsWithAffinity() {
        List<NodeInfo> l = withAffinity;
        if (l == null) {
            l = select(affinityBits);
            withAffinity = l;
        }
        return l;
    }

    public List<NodeInfo> havePodsWithRequiredAntiAffinity() {
        List<NodeInfo> l = withRequiredAntiAffinity;
        if (l == null) {
            l = select(antiAffinityBits);
            withRequiredAntiAffinity = l;
        }
        return l;
    }

    /** How many distinct values the nodes have for label {@code key} (the topology domains of that key). */
    public int domainCount(String key) {
        return domainCounts.computeIfAbsent(key, k -> {
            Set<String> values = new HashSet<>();
            for (NodeInfo n : nodes) {
                String v = n.labels().get(k);
                if (v != null) {
                    values.add(v);
                }
            }
            return values.size();
        });
    }

    /** Nodes running at least one pod (counting matching pods never needs to visit the others). */
    public List<NodeInfo> havePods() {
        List<NodeInfo> l = withPods;
        if (l == null) {
            l = select(podBits);
            withPods = l;
        }
        return l;
    }

    private List<NodeInfo> select(BitSet bits) {
        List<NodeInfo> l = new ArrayList<>(bits.cardinality());
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
            l.add(nodes[i]);
        }
        return Collections.unmodifiableList(l);
    }
}
