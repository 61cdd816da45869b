package io.jube.scheduler.framework;

import io.jube.api.selector.LabelSelector;
import io.jube.api.selector.Operator;
import io.jube.api.selector.Requirement;
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
import java.util.function.Predicate;

/**
 * The cluster as one scheduling cycle sees it: the NodeInfos plus lookups. It does not change during a cycle;
 * between cycles the cache {@link #update updates} it in place for the nodes that changed (as Kubernetes' cache
 * does by node generation), so taking a snapshot costs O(changed nodes), not O(nodes).
 */
public final class Snapshot {
    private final NodeInfo[] nodes;
    private final List<NodeInfo> view;
    private final Map<String, Integer> index;
    private final Subset withPods = new Subset(n -> !n.pods().isEmpty());
    private final Subset withAffinity = new Subset(NodeInfo::hasPodsWithAffinity);
    private final Subset withRequiredAntiAffinity = new Subset(NodeInfo::hasPodsWithRequiredAntiAffinity);
    private final Subset withScoringTerms = new Subset(NodeInfo::hasPodsWithScoringTerms);
    private final List<Subset> subsets = List.of(withPods, withAffinity, withRequiredAntiAffinity, withScoringTerms);
    /**
     * namespace, label key and value of a pod → the nodes (by position) running a pod so labelled: counting the pods
     * a selector matches then visits only the nodes with pods carrying its exact-value requirement, not every pod.
     * Built on first use and kept up to date from then on, so clusters without pod affinity or spread constraints
     * do not pay for it on every binding.
     */
    private Map<String, BitSet> podLabels;
    /** label key → how many distinct values nodes have for it; dropped when any node's labels change. */
    private final Map<String, Integer> domainCounts = new ConcurrentHashMap<>();

    /** The nodes a predicate holds for, as bits by position (kept up to date in update) and a list made on demand. */
    private final class Subset {
        private final Predicate<NodeInfo> test;
        private final BitSet bits = new BitSet();
        private volatile List<NodeInfo> list;

        Subset(Predicate<NodeInfo> test) {
            this.test = test;
        }

        void set(int i, NodeInfo old, NodeInfo n) {
            boolean now = test.test(n);
            if (now || old != null && test.test(old)) {
                bits.set(i, now);
                list = null; // also when it stays in: the list must hold the new NodeInfo
            }
        }

        List<NodeInfo> list() {
            List<NodeInfo> l = list;
            if (l == null) {
                l = Collections.unmodifiableList(nodesAt(bits));
                list = l;
            }
            return l;
        }
    }

    public Snapshot(List<NodeInfo> nodes) {
        this.nodes = nodes.toArray(NodeInfo[]::new);
        this.view = Collections.unmodifiableList(Arrays.asList(this.nodes));
        this.index = new HashMap<>(this.nodes.length * 2);
        for (int i = 0; i < this.nodes.length; i++) {
            index.put(this.nodes[i].name(), i);
            for (Subset s : subsets) {
                s.set(i, null, this.nodes[i]);
            }
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
        for (Subset s : subsets) {
            s.set(i, old, n);
        }
        if (podLabels != null && old.pods() != n.pods()) {
            indexPodLabels(i, old, n);
        }
        return true;
    }

    private void indexPodLabels(int i, NodeInfo old, NodeInfo n) {
        Set<String> before = old == null ? Set.of() : podLabelKeys(old);
        Set<String> after = podLabelKeys(n);
        for (String k : before) {
            BitSet b = after.contains(k) ? null : podLabels.get(k);
            if (b != null) {
                b.clear(i);
                if (b.isEmpty()) {
                    podLabels.remove(k);
                }
            }
        }
        for (String k : after) {
            if (!before.contains(k)) {
                podLabels.computeIfAbsent(k, x -> new BitSet()).set(i);
            }
        }
    }

    private static Set<String> podLabelKeys(NodeInfo n) {
        Set<String> keys = new HashSet<>();
        for (PodInfo p : n.pods()) {
            for (Map.Entry<String, String> l : p.labels().entrySet()) {
                keys.add(podLabelKey(p.namespace(), l.getKey(), l.getValue()));
            }
        }
        return keys;
    }

    private static String podLabelKey(String namespace, String key, String value) {
        return namespace + '\0' + key + '=' + value;
    }

    /**
     * A superset of the nodes running a pod in one of {@code namespaces} that {@code selector} matches: those with a
     * pod carrying the value (or one of the values) of its first key=value, key==value or key in (...) requirement.
     * Null when it has no such requirement: then only visiting every node with pods finds them.
     */
    public BitSet mayRunPodsMatching(Set<String> namespaces, LabelSelector selector) {
        BitSet out = new BitSet();
        if (selector.isNothing()) {
            return out;
        }
        if (podLabels == null) {
            podLabels = new HashMap<>();
            for (int i = 0; i < nodes.length; i++) {
                indexPodLabels(i, null, nodes[i]);
            }
        }
        Requirement anchor = null;
        for (Requirement r : selector.requirements()) {
            if (r.operator() == Operator.EQUALS || r.operator() == Operator.DOUBLE_EQUALS || r.operator() == Operator.IN) {
                anchor = r;
                break;
            }
        }
        if (anchor == null) {
            return null;
        }
        for (String ns : namespaces) {
            for (String v : anchor.values()) {
                BitSet b = podLabels.get(podLabelKey(ns, anchor.key(), v));
                if (b != null) {
                    out.or(b);
                }
            }
        }
        return out;
    }

    /** The nodes at the positions set in {@code bits} (as {@link #mayRunPodsMatching} returns them). */
    public List<NodeInfo> nodesAt(BitSet bits) {
        List<NodeInfo> out = new ArrayList<>(bits.cardinality());
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
            out.add(nodes[i]);
        }
        return out;
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
        return withPods.list();
    }

    /** Nodes running at least one pod with any pod (anti-)affinity (InterPodAffinity only looks at these). */
    public List<NodeInfo> havePodsWithAffinity() {
        return withAffinity.list();
    }

    public List<NodeInfo> havePodsWithRequiredAntiAffinity() {
        return withRequiredAntiAffinity.list();
    }

    /** Nodes running a pod whose terms score other pods (see {@link PodInfo#hasScoringTerms}). */
    public List<NodeInfo> havePodsWithScoringTerms() {
        return withScoringTerms.list();
    }
}
