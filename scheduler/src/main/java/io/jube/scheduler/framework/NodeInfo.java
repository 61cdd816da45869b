package io.jube.scheduler.framework;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable view of one node and the pods on it (bound and assumed). Changes produce a new instance, so a
 * snapshot taken for a scheduling cycle never moves under the plugins (copy-on-write).
 */
public final class NodeInfo {
    private final Node node;
    private final String name;
    private final NodeFacts facts;
    private final Resources requested;
    private final long nonZeroMilliCpu;
    private final long nonZeroMemory;
    private final List<PodInfo> pods;
    private final List<PodInfo> podsWithAffinity;
    private final List<PodInfo> podsWithRequiredAntiAffinity;
    private final List<HostPort> usedPorts;
    // Copies of what Filter and Score read for every node, kept in this object so checking a node touches one
    // object rather than a chain of them (the filter loop is bound by memory access over thousands of nodes).
    private final boolean unschedulable;
    private final boolean hasPodsWithScoringTerms;
    private final boolean hasHardTaints;
    private final boolean hasPreferNoScheduleTaints;
    private final long allocatableMilliCpu;
    private final long allocatableMemory;
    private final long allocatableEphemeralStorage;
    private final long allocatablePods;
    private final long requestedMilliCpu;
    private final long requestedMemory;
    private final long requestedEphemeralStorage;
    /** namespace → label key → value → running (not terminating) pods with it; built on first use. */
    private volatile Map<String, Map<String, Map<String, int[]>>> labelCounts;

    /** What the plugins read from the Node object, computed once per Node update rather than per pod and node. */
    private record NodeFacts(Resources allocatable, Map<String, String> labels, List<Taint> taints,
                             List<Taint> hardTaints, List<Taint> preferNoScheduleTaints, boolean unschedulable) {
        static NodeFacts of(Node n) {
            if (n == null) {
                return new NodeFacts(new Resources(), Map.of(), List.of(), List.of(), List.of(), false);
            }
            Map<String, String> labels = n.getMetadata().getLabels();
            List<Taint> taints = n.getSpec() == null || n.getSpec().getTaints() == null ? List.of() : n.getSpec().getTaints();
            List<Taint> hard = new ArrayList<>();
            List<Taint> prefer = new ArrayList<>();
            for (Taint t : taints) {
                if ("NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect())) {
                    hard.add(t);
                } else if ("PreferNoSchedule".equals(t.getEffect())) {
                    prefer.add(t);
                }
            }
            return new NodeFacts(allocatableOf(n), labels == null ? Map.of() : labels, taints,
                    List.copyOf(hard), List.copyOf(prefer),
                    n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable()));
        }
    }

    private NodeInfo(Node node, String name, NodeFacts facts, List<PodInfo> pods) {
        this.node = node;
        this.name = name;
        this.facts = facts;
        this.pods = pods;
        Resources req = new Resources();
        long cpu = 0;
        long mem = 0;
        List<PodInfo> aff = List.of();
        List<PodInfo> anti = List.of();
        List<HostPort> ports = List.of();
        boolean scoring = false;
        for (PodInfo p : pods) {
            scoring |= p.hasScoringTerms();
            req.add(p.requests());
            cpu += p.nonZeroMilliCpu();
            mem += p.nonZeroMemory();
            if (p.hasAffinity()) {
                aff = grow(aff, p);
            }
            if (!p.requiredAntiAffinity().isEmpty()) {
                anti = grow(anti, p);
            }
            if (!p.hostPorts().isEmpty()) {
                if (ports.isEmpty()) {
                    ports = new ArrayList<>();
                }
                ports.addAll(p.hostPorts());
            }
        }
        this.requested = req;
        this.nonZeroMilliCpu = cpu;
        this.nonZeroMemory = mem;
        this.podsWithAffinity = Collections.unmodifiableList(aff);
        this.podsWithRequiredAntiAffinity = Collections.unmodifiableList(anti);
        this.usedPorts = Collections.unmodifiableList(ports);
        this.unschedulable = facts.unschedulable();
        this.hasPodsWithScoringTerms = scoring;
        this.hasHardTaints = !facts.hardTaints().isEmpty();
        this.hasPreferNoScheduleTaints = !facts.preferNoScheduleTaints().isEmpty();
        this.allocatableMilliCpu = facts.allocatable().milliCpu;
        this.allocatableMemory = facts.allocatable().memory;
        this.allocatableEphemeralStorage = facts.allocatable().ephemeralStorage;
        this.allocatablePods = facts.allocatable().pods;
        this.requestedMilliCpu = req.milliCpu;
        this.requestedMemory = req.memory;
        this.requestedEphemeralStorage = req.ephemeralStorage;
    }

    private static List<PodInfo> grow(List<PodInfo> l, PodInfo p) {
        List<PodInfo> out = l.isEmpty() ? new ArrayList<>(2) : l;
        out.add(p);
        return out;
    }

    public static NodeInfo of(Node node) {
        return new NodeInfo(node, node.getMetadata().getName(), NodeFacts.of(node), List.of());
    }

    /** A node the cache knows only from its pods (its Node object not seen yet). */
    public static NodeInfo placeholder(String name) {
        return new NodeInfo(null, name, NodeFacts.of(null), List.of());
    }

    public NodeInfo withNode(Node n) {
        return new NodeInfo(n, name, NodeFacts.of(n), pods);
    }

    public NodeInfo withPod(PodInfo p) {
        List<PodInfo> l = new ArrayList<>(pods.size() + 1);
        for (PodInfo q : pods) {
            if (!q.key().equals(p.key())) {
                l.add(q);
            }
        }
        l.add(p);
        return new NodeInfo(node, name, facts, Collections.unmodifiableList(l));
    }

    public NodeInfo withoutPod(String podKey) {
        List<PodInfo> l = new ArrayList<>(pods.size());
        for (PodInfo q : pods) {
            if (!q.key().equals(podKey)) {
                l.add(q);
            }
        }
        return l.size() == pods.size() ? this : new NodeInfo(node, name, facts, Collections.unmodifiableList(l));
    }

    private static Resources allocatableOf(Node n) {
        if (n.getStatus() == null) {
            return new Resources();
        }
        var a = n.getStatus().getAllocatable();
        return Resources.of(a == null || a.isEmpty() ? n.getStatus().getCapacity() : a);
    }

    public Node node() { return node; }
    public String name() { return name; }
    public Resources allocatable() { return facts.allocatable(); }
    public Resources requested() { return requested; }
    public long nonZeroMilliCpu() { return nonZeroMilliCpu; }
    public long nonZeroMemory() { return nonZeroMemory; }
    public List<PodInfo> pods() { return pods; }
    public boolean hasPodsWithAffinity() { return !podsWithAffinity.isEmpty(); }
    /** Whether a pod here has terms that score other pods ({@link PodInfo#hasScoringTerms}). */
    public boolean hasPodsWithScoringTerms() { return hasPodsWithScoringTerms; }
    public boolean hasPodsWithRequiredAntiAffinity() { return !podsWithRequiredAntiAffinity.isEmpty(); }
    /** The pods with any pod (anti-)affinity term (Kubernetes' NodeInfo.PodsWithAffinity). */
    public List<PodInfo> podsWithAffinity() { return podsWithAffinity; }
    /** The pods with required anti-affinity terms (Kubernetes' NodeInfo.PodsWithRequiredAntiAffinity). */
    public List<PodInfo> podsWithRequiredAntiAffinity() { return podsWithRequiredAntiAffinity; }
    public Map<String, String> labels() { return facts.labels(); }
    public List<Taint> taints() { return facts.taints(); }
    /** Taints with effect NoSchedule or NoExecute (the ones a pod must tolerate to be placed here). */
    public List<Taint> hardTaints() { return facts.hardTaints(); }
    public List<Taint> preferNoScheduleTaints() { return facts.preferNoScheduleTaints(); }
    public boolean unschedulable() { return unschedulable; }
    public boolean hasHardTaints() { return hasHardTaints; }
    public boolean hasPreferNoScheduleTaints() { return hasPreferNoScheduleTaints; }
    public long allocatableMilliCpu() { return allocatableMilliCpu; }
    public long allocatableMemory() { return allocatableMemory; }
    public long allocatableEphemeralStorage() { return allocatableEphemeralStorage; }
    public long allocatablePods() { return allocatablePods; }
    public long requestedMilliCpu() { return requestedMilliCpu; }
    public long requestedMemory() { return requestedMemory; }
    public long requestedEphemeralStorage() { return requestedEphemeralStorage; }
    public int podCount() { return pods.size(); }
    public List<HostPort> usedPorts() { return usedPorts; }

    /**
     * How many of this node's pods in {@code namespace}, not being deleted, have label {@code key=value} (what a
     * topology spread selector of one label counts, without visiting each pod again for every incoming pod).
     */
    public int countPods(String namespace, String key, String value) {
        Map<String, Map<String, Map<String, int[]>>> idx = labelCounts;
        if (idx == null) {
            idx = new HashMap<>();
            for (PodInfo p : pods) {
                if (p.terminating()) {
                    continue;
                }
                Map<String, Map<String, int[]>> byKey = idx.computeIfAbsent(p.namespace(), k -> new HashMap<>());
                for (var e : p.labels().entrySet()) {
                    byKey.computeIfAbsent(e.getKey(), k -> new HashMap<>()).computeIfAbsent(e.getValue(), v -> new int[1])[0]++;
                }
            }
            labelCounts = idx; // immutable once published; a racing thread at worst builds the same index
        }
        Map<String, Map<String, int[]>> byKey = idx.get(namespace);
        Map<String, int[]> byValue = byKey == null ? null : byKey.get(key);
        int[] n = byValue == null ? null : byValue.get(value);
        return n == null ? 0 : n[0];
    }

    @Override
    public String toString() {
        return name + "{" + pods.size() + " pods, requested " + requested + "}";
    }
}
