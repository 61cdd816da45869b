package io.jube.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jube.controllers.framework.Controller;
import io.jube.controllers.framework.ControllerContext;
import io.jube.controllers.framework.Pods;
import io.jube.controllers.framework.Result;
import io.jube.controllers.framework.Times;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes' node lifecycle controller. A node is healthy while its kubelet heartbeats: it renews its Lease in
 * {@code kube-node-lease} or posts status. After {@code nodeMonitorGracePeriod} without either, the node's
 * conditions become Unknown ("Kubelet stopped posting node status."). The Ready condition decides the health
 * taints ({@code node.kubernetes.io/unreachable} for Unknown, {@code not-ready} for False; NoSchedule and NoExecute),
 * which are removed when the node recovers. Pods on a node that is not Ready are marked not Ready; pods on a node
 * with NoExecute taints are deleted unless they tolerate them, after their {@code tolerationSeconds}. NoExecute taints
 * are not placed in a zone that is fully (or, when small, partially) disrupted, and are lifted when every zone is:
 * then the fault is more likely on the control plane's side than on every node ({@link Disruption}).
 * Keys are node names.
 */
public final class NodeLifecycleController implements Controller {
    public static final String NAME = "nodelifecycle";
    static final String LEASE_NAMESPACE = "kube-node-lease";
    static final String BY_NODE = "nodeName";
    private static final Set<String> KUBELET_CONDITIONS = Set.of("Ready", "MemoryPressure", "DiskPressure", "PIDPressure");
    private static final Logger LOG = LoggerFactory.getLogger(NodeLifecycleController.class);

    private final Duration gracePeriod;
    private final Clock clock;
    private ControllerContext ctx;
    private KubernetesClient client;
    private SharedIndexInformer<Node> nodes;
    private SharedIndexInformer<Lease> leases;
    private SharedIndexInformer<Pod> pods;

    public NodeLifecycleController(Duration nodeMonitorGracePeriod) {
        this(nodeMonitorGracePeriod, Clock.systemUTC());
    }

    NodeLifecycleController(Duration nodeMonitorGracePeriod, Clock clock) {
        if (nodeMonitorGracePeriod.isNegative() || nodeMonitorGracePeriod.isZero()) {
            throw new IllegalArgumentException("nodeMonitorGracePeriod must be positive");
        }
        this.gracePeriod = nodeMonitorGracePeriod;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void setup(ControllerContext ctx) {
        this.ctx = ctx;
        this.client = ctx.client();
        this.nodes = ctx.informer(Node.class);
        this.leases = ctx.informer(Lease.class);
        this.pods = ctx.informer(Pod.class);
        ctx.index(Pod.class, BY_NODE, p -> p.getSpec() == null || p.getSpec().getNodeName() == null
                || p.getSpec().getNodeName().isEmpty() ? List.of() : List.of(p.getSpec().getNodeName()));
        ctx.watch(Node.class, e -> List.of(e.object().getMetadata().getName()));
        // a healthy node's renewals need no reconcile: the one pending at its staleness deadline reads the newest
        // Lease and sets the next (Kubernetes polls every node on a period instead); renewals of an unhealthy node
        // do reconcile, so its state follows at once
        ctx.watch(Lease.class, e -> LEASE_NAMESPACE.equals(e.object().getMetadata().getNamespace())
                && (e.type() != io.jube.controllers.framework.ObjectEvent.Type.UPDATED
                || podsMatterOn(nodes.getIndexer().getByKey(e.object().getMetadata().getName())))
                ? List.of(e.object().getMetadata().getName()) : List.of());
        ctx.watch(Pod.class, e -> {
            String node = e.object().getSpec() == null ? null : e.object().getSpec().getNodeName();
            return node == null || node.isEmpty() || e.type() == io.jube.controllers.framework.ObjectEvent.Type.DELETED
                    || !podsMatterOn(nodes.getIndexer().getByKey(node)) ? List.of() : List.of(node);
        });
    }

    /**
     * Whether a pod event or Lease renewal on this node can change what {@link #reconcile} does: only on a node that
     * is not Ready (its pods are marked not Ready) or has NoExecute taints (its pods may be evicted). A healthy node's
     * pods are left alone, and the node's own events reconcile all its pods when that changes; skipping them saves a
     * reconcile per pod write in a busy cluster.
     */
    private static boolean podsMatterOn(Node node) {
        return node != null && (!"True".equals(readyStatus(node)) || !Taints.noExecute(node).isEmpty());
    }

    @Override
    public Result reconcile(String nodeName) throws Exception {
        Node node = nodes.getIndexer().getByKey(nodeName);
        if (node == null) {
            return Result.done();
        }
        Instant now = clock.instant();
        Instant heartbeat = lastHeartbeat(node);
        Instant staleAt = heartbeat.plus(gracePeriod);
        Result next = Result.done();
        if (now.isAfter(staleAt)) {
            node = markUnknown(node, now);
        } else {
            next = Result.requeueAfter(Duration.between(now, staleAt).plusMillis(100));
        }
        String ready = readyStatus(node);
        if (condition(node, "Ready").isPresent()) { // a node that never reported gets no health taints until Unknown
            // a Ready node loses every health taint whatever the mode, so only an unhealthy one needs the
            // zone's disruption state (an O(nodes) count; healthy nodes reconcile on every Lease renewal)
            NoExecute mode = "True".equals(ready) ? NoExecute.ADD : noExecuteMode(node);
            node = syncTaints(node, ready, now, mode);
            if (mode != NoExecute.ADD && !"True".equals(ready)) {
                next = next.min(Result.requeueAfter(gracePeriod)); // look again once the zone may have recovered
            }
        }
        List<Pod> onNode = pods.getIndexer().byIndex(BY_NODE, nodeName);
        if (!"True".equals(ready)) {
            markPodsNotReady(onNode, now);
        }
        return next.min(evict(node, onNode, now));
    }

    private NoExecute noExecuteMode(Node node) {
        String name = node.getMetadata().getName();
        Disruption disruption = new Disruption(nodes.getIndexer().list().stream()
                .map(n -> n.getMetadata().getName().equals(name) ? node : n).toList()); // the cache may lag our write
        return disruption.allZonesFullyDisrupted() ? NoExecute.REMOVE
                : disruption.mayEvict(Disruption.zone(node)) ? NoExecute.ADD : NoExecute.KEEP;
    }

    /** The latest sign of life: lease renewal, the Ready condition's heartbeat, or else the node's creation. */
    private Instant lastHeartbeat(Node node) {
        Instant latest = Times.parse(node.getMetadata().getCreationTimestamp());
        Lease lease = leases.getIndexer().getByKey(LEASE_NAMESPACE + "/" + node.getMetadata().getName());
        if (lease != null && lease.getSpec() != null) {
            latest = later(latest, lease.getSpec().getRenewTime() == null ? null : lease.getSpec().getRenewTime().toInstant());
        }
        Optional<NodeCondition> ready = condition(node, "Ready");
        if (ready.isPresent()) {
            latest = later(latest, Times.parse(ready.get().getLastHeartbeatTime()));
        }
        return latest == null ? clock.instant() : latest;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    static Optional<NodeCondition> condition(Node node, String type) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return node.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    static String readyStatus(Node node) {
        return condition(node, "Ready").map(NodeCondition::getStatus).orElse("Unknown");
    }

    /** Sets the kubelet's conditions to Unknown (once: a node already Unknown is left alone). */
    private Node markUnknown(Node node, Instant now) {
        Node updated = new NodeBuilder(node).build();
        if (updated.getStatus() == null) {
            updated.setStatus(new io.fabric8.kubernetes.api.model.NodeStatus());
        }
        List<NodeCondition> conditions = new ArrayList<>(updated.getStatus().getConditions() == null
                ? List.of() : updated.getStatus().getConditions());
        boolean changed = false;
        String ts = Times.format(now);
        if (conditions.stream().noneMatch(c -> "Ready".equals(c.getType()))) {
            conditions.add(new NodeConditionBuilder().withType("Ready").withStatus("Unknown")
                    .withReason("NodeStatusNeverUpdated").withMessage("Kubelet never posted node status.")
                    .withLastHeartbeatTime(ts).withLastTransitionTime(ts).build());
            changed = true;
        }
        for (NodeCondition c : conditions) {
            if (KUBELET_CONDITIONS.contains(c.getType()) && !"Unknown".equals(c.getStatus())) {
                c.setStatus("Unknown");
                c.setReason("NodeStatusUnknown");
                c.setMessage("Kubelet stopped posting node status.");
                c.setLastTransitionTime(ts);
                changed = true;
            }
        }
        if (!changed) {
            return node;
        }
        updated.getStatus().setConditions(conditions);
        LOG.info("node {} stopped posting status; marking it Unknown", node.getMetadata().getName());
        ctx.recorder().normal(node, "NodeNotReady", "Node " + node.getMetadata().getName() + " status is now: NodeNotReady");
        return client.nodes().resource(updated).updateStatus();
    }

    /** What to do with NoExecute health taints, by zone disruption (see {@link Disruption}). */
    enum NoExecute { ADD, KEEP, REMOVE }

    /** Makes the health taints match the Ready status; keeps timeAdded of taints that stay. */
    private Node syncTaints(Node node, String ready, Instant now, NoExecute mode) {
        List<Taint> current = node.getSpec() == null || node.getSpec().getTaints() == null
                ? List.of() : node.getSpec().getTaints();
        Optional<String> wantedKey = Taints.keyFor(ready);
        List<Taint> wanted = new ArrayList<>();
        for (Taint t : current) {
            boolean keep = !Taints.isHealthTaint(t) || wantedKey.map(k -> k.equals(t.getKey())).orElse(false);
            if (keep && !(mode == NoExecute.REMOVE && Taints.isHealthTaint(t) && Taints.NO_EXECUTE.equals(t.getEffect()))) {
                wanted.add(t);
            }
        }
        if (wantedKey.isPresent()) {
            for (String effect : mode == NoExecute.ADD ? List.of(Taints.NO_SCHEDULE, Taints.NO_EXECUTE) : List.of(Taints.NO_SCHEDULE)) {
                boolean present = wanted.stream().anyMatch(t -> wantedKey.get().equals(t.getKey()) && effect.equals(t.getEffect()));
                if (!present) {
                    wanted.add(new TaintBuilder().withKey(wantedKey.get()).withEffect(effect)
                            .withTimeAdded(Taints.NO_EXECUTE.equals(effect) ? Times.format(now) : null).build());
                }
            }
        }
        if (wanted.equals(current)) {
            return node;
        }
        Node updated = new NodeBuilder(node).editOrNewSpec().withTaints(wanted).endSpec().build();
        return client.nodes().resource(updated).update();
    }

    private void markPodsNotReady(List<Pod> onNode, Instant now) {
        for (Pod pod : onNode) {
            Optional<PodCondition> ready = Pods.readyCondition(pod);
            if (ready.isEmpty() || !"True".equals(ready.get().getStatus()) || pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            Pod updated = new PodBuilder(pod).build();
            for (PodCondition c : updated.getStatus().getConditions()) {
                if ("Ready".equals(c.getType())) {
                    c.setStatus("False");
                    c.setLastTransitionTime(Times.format(now));
                }
            }
            try {
                client.pods().resource(updated).updateStatus();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
    }

    /** Deletes the pods whose time on a NoExecute-tainted node is up; returns when to look again. */
    private Result evict(Node node, List<Pod> onNode, Instant now) {
        List<Taint> noExecute = Taints.noExecute(node);
        if (noExecute.isEmpty()) {
            return Result.done();
        }
        Result next = Result.done();
        for (Pod pod : onNode) {
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            Optional<Instant> at = Eviction.deadline(pod, noExecute, now);
            if (at.isEmpty()) {
                continue;
            }
            if (at.get().isAfter(now)) {
                next = next.min(Result.requeueAfter(Duration.between(now, at.get())));
                continue;
            }
            String ref = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
            ctx.recorder().normal(pod, "TaintManagerEviction", "Marking for deletion Pod " + ref);
            LOG.info("evicting pod {} from node {}", ref, node.getMetadata().getName());
            DisruptionTarget.mark(client, pod, "DeletionByTaintManager", "Taint manager: deleting due to NoExecute taint", false, now);
            try {
                client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).delete();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
        return Objects.requireNonNull(next);
    }
}
