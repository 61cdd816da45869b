package io.jube.controllers.podgc;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jube.controllers.framework.Controller;
import io.jube.controllers.framework.ControllerContext;
import io.jube.controllers.framework.ObjectEvent;
import io.jube.controllers.framework.Result;
import io.jube.controllers.nodelifecycle.DisruptionTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes' pod garbage collector: every {@code period} (and at once when a node is deleted or an unscheduled pod
 * starts terminating) it force-deletes pods bound to nodes that no longer exist and unscheduled pods that are
 * terminating, and deletes the oldest terminated pods beyond {@code terminatedPodThreshold}
 * ({@code --terminated-pod-gc-threshold}, default 12500). There is one key, {@link #SWEEP}.
 */
public final class PodGarbageCollector implements Controller {
    public static final String NAME = "podgc";
    public static final int DEFAULT_THRESHOLD = 12500;
    static final String SWEEP = "sweep";
    private static final Logger LOG = LoggerFactory.getLogger(PodGarbageCollector.class);

    private final int terminatedPodThreshold;
    private final Duration period;
    private ControllerContext ctx;
    private KubernetesClient client;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<Node> nodes;

    public PodGarbageCollector() {
        this(DEFAULT_THRESHOLD, Duration.ofSeconds(20));
    }

    public PodGarbageCollector(int terminatedPodThreshold, Duration period) {
        this.terminatedPodThreshold = terminatedPodThreshold;
        this.period = period;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void setup(ControllerContext ctx) {
        this.ctx = ctx;
        this.client = ctx.client();
        this.pods = ctx.informer(Pod.class);
        this.nodes = ctx.informer(Node.class);
        ctx.watch(Node.class, e -> e.type() == ObjectEvent.Type.DELETED ? List.of(SWEEP) : List.of());
        ctx.watch(Pod.class, e -> {
            Pod p = e.object();
            boolean unscheduled = p.getSpec() == null || p.getSpec().getNodeName() == null || p.getSpec().getNodeName().isEmpty();
            return e.type() != ObjectEvent.Type.DELETED && unscheduled && p.getMetadata().getDeletionTimestamp() != null
                    ? List.of(SWEEP) : List.of();
        });
        ctx.enqueue(SWEEP); // the first sweep runs once the caches have synced
    }

    @Override
    public Result reconcile(String key) {
        if (!SWEEP.equals(key)) {
            return Result.done();
        }
        Map<String, Boolean> missing = new HashMap<>();
        GcPlan plan = GcPlan.of(pods.getIndexer().list(), terminatedPodThreshold,
                node -> missing.computeIfAbsent(node, this::nodeMissing));
        plan.overThreshold().forEach(p -> delete(p, null, "terminated pod over the threshold"));
        for (Pod p : plan.orphaned()) {
            DisruptionTarget.mark(client, p, "DeletionByPodGC", "PodGC: node no longer exists", true, Instant.now());
            delete(p, 0L, "bound to missing node " + p.getSpec().getNodeName());
        }
        plan.unscheduledTerminating().forEach(p -> delete(p, 0L, "unscheduled and terminating"));
        return Result.requeueAfter(period);
    }

    /** Missing from the cache and confirmed by a live read (the node informer may lag a new node). */
    private boolean nodeMissing(String name) {
        return nodes.getIndexer().getByKey(name) == null && client.nodes().withName(name).get() == null;
    }

    private void delete(Pod pod, Long grace, String why) {
        String ref = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        LOG.info("podgc: deleting pod {}: {}", ref, why);
        try {
            var op = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName());
            if (grace != null) {
                op.withGracePeriod(grace).delete();
            } else {
                op.delete();
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                LOG.warn("podgc: deleting pod {} failed: {}", ref, e.getMessage());
            }
        }
    }
}
