package io.jube.scheduler.framework;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * An immutable view of one node and the pods on it (bound and assumed). Changes produce a new instance, so a
 * snapshot taken for a scheduling cycle never moves under the plugins (copy-on-write).
 */
public final class NodeInfo {
    private final Node node;
    private final String name;
    private final Resources allocatable;
    private final Resources requested;
    private final long nonZeroMilliCpu;
    private final long nonZeroMemory;
    private final List<PodInfo> pods;
    private final int podsWithAffinity;
    private final int podsWithRequiredAntiAffinity;

    private NodeInfo(Node node, String name, Resources allocatable, List<PodInfo> pods) {
        this.node = node;
        this.name = name;
        this.allocatable = allocatable;
        this.pods = pods;
        Resources req = new Resources();
        long cpu = 0;
        long mem = 0;
        int aff = 0;
        int anti = 0;
        for (PodInfo p : pods) {
            req.add(p.requests());
            cpu += p.nonZeroMilliCpu();
            mem += p.nonZeroMemory();
            aff += p.hasAffinity() ? 1 : 0;
            anti += p.requiredAntiAffinity().isEmpty() ? 0 : 1;
        }
        this.requested = req;
        this.nonZeroMilliCpu = cpu;
        this.nonZeroMemory = mem;
        this.podsWithAffinity = aff;
        this.podsWithRequiredAntiAffinity = anti;
    }

    public static NodeInfo of(Node node) {
        return new NodeInfo(node, node.getMetadata().getName(), allocatableOf(node), List.of());
    }

    /** A node the cache knows only from its pods (its Node object not seen yet). */
    public static NodeInfo placeholder(String name) {
        return new NodeInfo(null, name, new Resources(), List.of());
    }

    public NodeInfo withNode(Node n) {
        return new NodeInfo(n, name, allocatableOf(n), pods);
    }

    public NodeInfo withPod(PodInfo p) {
        List<PodInfo> l = new ArrayList<>(pods.size() + 1);
        for (PodInfo q : pods) {
            if (!q.key().equals(p.key())) {
                l.add(q);
            }
        }
        l.add(p);
        return new NodeInfo(node, name, allocatable, Collections.unmodifiableList(l));
    }

    public NodeInfo withoutPod(String podKey) {
        List<PodInfo> l = new ArrayList<>(pods.size());
        for (PodInfo q : pods) {
            if (!q.key().equals(podKey)) {
                l.add(q);
            }
        }
        return l.size() == pods.size() ? this : new NodeInfo(node, name, allocatable, Collections.unmodifiableList(l));
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
    public Resources allocatable() { return allocatable; }
    public Resources requested() { return requested; }
    public long nonZeroMilliCpu() { return nonZeroMilliCpu; }
    public long nonZeroMemory() { return nonZeroMemory; }
    public List<PodInfo> pods() { return pods; }
    public boolean hasPodsWithAffinity() { return podsWithAffinity > 0; }
    public boolean hasPodsWithRequiredAntiAffinity() { return podsWithRequiredAntiAffinity > 0; }

    public Map<String, String> labels() {
        Map<String, String> l = node == null ? null : node.getMetadata().getLabels();
        return l == null ? Map.of() : l;
    }

    public List<Taint> taints() {
        List<Taint> t = node == null || node.getSpec() == null ? null : node.getSpec().getTaints();
        return t == null ? List.of() : t;
    }

    public boolean unschedulable() {
        return node != null && node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    }

    public List<HostPort> usedPorts() {
        List<HostPort> out = new ArrayList<>();
        pods.forEach(p -> out.addAll(p.hostPorts()));
        return out;
    }

    @Override
    public String toString() {
        return name + "{" + pods.size() + " pods, requested " + requested + "}";
    }
}
