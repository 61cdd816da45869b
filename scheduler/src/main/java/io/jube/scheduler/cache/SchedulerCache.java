package io.jube.scheduler.cache;

import io.fabric8.kubernetes.api.model.Node;
import io.jube.scheduler.framework.NodeInfo;
import io.jube.scheduler.framework.PodInfo;
import io.jube.scheduler.framework.Snapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scheduler's view of nodes and the pods placed on them, including <b>assumed</b> pods: a pod is assumed on
 * its node as soon as the scheduler decides (so the next cycle already sees its requests), confirmed when the
 * informer reports it bound, and forgotten if binding fails. NodeInfos are immutable; the cache remembers which
 * nodes changed since the last snapshot and {@link #snapshot} replaces only those in it (a full rebuild only when
 * nodes come or go), so a cycle costs O(changed nodes) rather than a copy of the cluster.
 */
public final class SchedulerCache {
    private record PodState(PodInfo pod, String node, boolean assumed) {
    }

    private final Map<String, NodeInfo> nodes = new LinkedHashMap<>();
    private final Map<String, PodState> pods = new HashMap<>();
    private final Set<String> changed = new HashSet<>();
    /** Null when the set of nodes changed: the next snapshot is rebuilt from scratch. */
    private Snapshot lastSnapshot;

    public synchronized void addOrUpdateNode(Node node) {
        String name = node.getMetadata().getName();
        NodeInfo cur = nodes.get(name);
        put(name, cur == null ? NodeInfo.of(node) : cur.withNode(node));
    }

    /** Drops the node; its pods stay accounted on a placeholder until they are deleted too. */
    public synchronized void removeNode(String name) {
        NodeInfo cur = nodes.get(name);
        if (cur == null) {
            return;
        }
        if (cur.pods().isEmpty()) {
            nodes.remove(name);
            lastSnapshot = null;
        } else {
            NodeInfo placeholder = NodeInfo.placeholder(name);
            for (PodInfo p : cur.pods()) {
                placeholder = placeholder.withPod(p);
            }
            put(name, placeholder);
        }
    }

    /** Records the scheduler's decision before binding; the pod counts on the node from now on. */
    public synchronized void assume(PodInfo pod, String node) {
        PodInfo assumed = pod.assumedOn(node);
        remove(pod.key());
        pods.put(pod.key(), new PodState(assumed, node, true));
        put(node, nodeOrPlaceholder(node).withPod(assumed));
    }

    /** Undoes {@link #assume} after a failed binding (no-op if the informer confirmed the pod meanwhile). */
    public synchronized void forget(String podKey) {
        PodState s = pods.get(podKey);
        if (s != null && s.assumed()) {
            remove(podKey);
        }
    }

    public synchronized boolean isAssumed(String podKey) {
        PodState s = pods.get(podKey);
        return s != null && s.assumed();
    }

    /** A bound pod seen by the informer (confirms an assumed one). */
    public synchronized void addOrUpdatePod(PodInfo pod) {
        remove(pod.key());
        pods.put(pod.key(), new PodState(pod, pod.nodeName(), false));
        put(pod.nodeName(), nodeOrPlaceholder(pod.nodeName()).withPod(pod));
    }

    public synchronized void removePod(String podKey) {
        remove(podKey);
    }

    /** Whether the cache already places this pod on a node (bound or assumed). */
    public synchronized boolean contains(String podKey) {
        return pods.containsKey(podKey);
    }

    public synchronized int podCount() {
        return pods.size();
    }

    public synchronized NodeInfo node(String name) {
        return nodes.get(name);
    }

    /**
     * The nodes known from Node objects (placeholders excluded). The same Snapshot object is brought up to date and
     * returned again by the next call, so use it for one scheduling cycle only.
     */
    public synchronized Snapshot snapshot() {
        if (lastSnapshot != null) {
            for (String name : changed) {
                NodeInfo n = nodes.get(name);
                if (n != null && n.node() != null && !lastSnapshot.update(n)) {
                    lastSnapshot = null;
                    break;
                }
            }
        }
        changed.clear();
        if (lastSnapshot == null) {
            List<NodeInfo> list = new ArrayList<>(nodes.size());
            for (NodeInfo n : nodes.values()) {
                if (n.node() != null) {
                    list.add(n);
                }
            }
            lastSnapshot = new Snapshot(list);
        }
        return lastSnapshot;
    }

    private void remove(String podKey) {
        PodState s = pods.remove(podKey);
        if (s != null && s.node() != null) {
            NodeInfo n = nodes.get(s.node());
            if (n != null) {
                NodeInfo after = n.withoutPod(podKey);
                if (after.node() == null && after.pods().isEmpty()) {
                    nodes.remove(s.node());
                    lastSnapshot = null;
                } else {
                    put(s.node(), after);
                }
            }
        }
    }

    private NodeInfo nodeOrPlaceholder(String name) {
        NodeInfo n = nodes.get(name);
        return n != null ? n : NodeInfo.placeholder(name);
    }

    private void put(String name, NodeInfo n) {
        NodeInfo old = nodes.put(name, n);
        if (old == null || (old.node() == null) != (n.node() == null)) {
            lastSnapshot = null; // a node appeared in or left the snapshot's list
        } else {
            changed.add(name);
        }
    }
}
