package io.jube.controllers.daemonset;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.jube.api.Json;
import io.jube.api.selector.LabelSelector;
import io.jube.controllers.framework.Claimer;
import io.jube.controllers.framework.Controller;
import io.jube.controllers.framework.ControllerContext;
import io.jube.controllers.framework.Expectations;
import io.jube.controllers.framework.Keys;
import io.jube.controllers.framework.ObjectEvent;
import io.jube.controllers.framework.PodControl;
import io.jube.controllers.framework.Pods;
import io.jube.controllers.framework.Result;
import io.jube.controllers.framework.Selectors;
import io.jube.controllers.history.History;
import io.jube.controllers.history.Owned;
import io.jube.controllers.history.Revisions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one pod of each DaemonSet on every eligible node ({@link NodeEligibility}); pods carry a node affinity naming
 * their node so the scheduler places them. Rolls onto a new template node by node within maxUnavailable (deleting
 * old pods first) or maxSurge (starting the new pod beside the old one), or leaves that to the user (OnDelete).
 */
public final class DaemonSetController implements Controller {
    public static final String NAME = "daemonset";

    private final Expectations expectations = new Expectations();
    private ControllerContext ctx;
    private KubernetesClient client;
    private SharedIndexInformer<DaemonSet> sets;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<Node> nodes;
    private PodControl podControl;
    private History history;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void setup(ControllerContext ctx) {
        this.ctx = ctx;
        this.client = ctx.client();
        this.sets = ctx.informer(DaemonSet.class);
        this.pods = ctx.informer(Pod.class);
        this.nodes = ctx.informer(Node.class);
        this.podControl = new PodControl(client, ctx.recorder());
        this.history = History.watch(ctx, "DaemonSet");
        ctx.watch(DaemonSet.class, e -> {
            if (e.type() == ObjectEvent.Type.DELETED) {
                expectations.delete(Keys.of(e.object()));
            }
            return List.of(Keys.of(e.object()));
        });
        ctx.watch(Pod.class, this::podEvent);
        ctx.watch(Node.class, e -> sets.getIndexer().list().stream().map(Keys::of).toList());
    }

    private List<String> podEvent(ObjectEvent<Pod> e) {
        Pod pod = e.object();
        List<String> keys = Owned.ownerKeys(e, "DaemonSet");
        if (keys.isEmpty()) {
            return keys;
        }
        String owner = Owned.ownerKey(pod, "DaemonSet").orElse(keys.get(0));
        boolean deleting = pod.getMetadata().getDeletionTimestamp() != null;
        switch (e.type()) {
            case ADDED -> {
                if (deleting) {
                    expectations.deletionObserved(owner, Keys.of(pod));
                } else {
                    expectations.creationObserved(owner);
                }
            }
            case UPDATED -> {
                if (deleting) {
                    expectations.deletionObserved(owner, Keys.of(pod));
                }
            }
            case DELETED -> expectations.deletionObserved(owner, Keys.of(pod));
        }
        return keys;
    }

    @Override
    public Result reconcile(String key) throws Exception {
        DaemonSet ds = sets.getIndexer().getByKey(key);
        if (ds == null) {
            expectations.delete(key);
            return Result.done();
        }
        if (ds.getMetadata().getDeletionTimestamp() != null) {
            return Result.done();
        }
        LabelSelector selector = Selectors.parseOrWarn(ctx.recorder(), ds,
                () -> LabelSelector.fromJson(Json.MAPPER.valueToTree(ds.getSpec().getSelector()))).orElse(null);
        if (selector == null) {
            return Result.done();
        }
        String ns = ds.getMetadata().getNamespace();
        String name = ds.getMetadata().getName();
        List<Pod> candidates = pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, ns).stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
        List<Pod> owned = new Claimer<>(client, Pod.class, ds, selector,
                () -> client.apps().daemonSets().inNamespace(ns).withName(name).get()).claim(candidates);

        Revisions.Update update = history.ensure(ds, ds.getSpec().getTemplate(),
                ds.getStatus() == null ? null : ds.getStatus().getCollisionCount());
        String hash = update.hash();

        Map<String, List<Pod>> byNode = new HashMap<>();
        for (Pod p : owned) {
            String node = DaemonPods.nodeOf(p);
            if (node != null) {
                byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(p);
            }
        }
        var template = DaemonPods.withDefaultTolerations(ds.getSpec().getTemplate().getSpec());
        Map<String, NodeEligibility> eligibility = new LinkedHashMap<>();
        for (Node n : nodes.getIndexer().list()) {
            eligibility.put(n.getMetadata().getName(), NodeEligibility.of(n, template));
        }

        if (expectations.satisfied(key)) {
            Plan plan = new Plan();
            manage(ds, byNode, eligibility, hash, plan);
            if (plan.creates.isEmpty() && plan.deletes.isEmpty() && rolling(ds)) {
                rollingUpdate(ds, byNode, eligibility, hash, plan);
            }
            execute(key, ds, plan, hash);
        }

        writeStatus(ds, byNode, eligibility, hash, update.collisionCount());
        Set<String> live = new HashSet<>();
        live.add(update.revision().getMetadata().getName());
        for (Pod p : owned) {
            live.add(name + "-" + DaemonPods.hash(p));
        }
        history.truncate(ds, live, ds.getSpec().getRevisionHistoryLimit());
        return nextAvailability(ds, owned);
    }

    /** Nodes to start a pod on and pods to delete in this pass. */
    private static final class Plan {
        final List<String> creates = new ArrayList<>();
        final List<Pod> deletes = new ArrayList<>();
    }

    private static boolean rolling(DaemonSet ds) {
        return ds.getSpec().getUpdateStrategy() == null || !"OnDelete".equals(ds.getSpec().getUpdateStrategy().getType());
    }

    /** Kubernetes' podsShouldBeOnNode: a pod where one belongs, none where none does, failed pods replaced. */
    private void manage(DaemonSet ds, Map<String, List<Pod>> byNode, Map<String, NodeEligibility> eligibility,
                        String hash, Plan plan) {
        Set<String> all = new HashSet<>(eligibility.keySet());
        all.addAll(byNode.keySet());
        for (String node : all) {
            NodeEligibility el = eligibility.getOrDefault(node, new NodeEligibility(false, false));
            List<Pod> here = new ArrayList<>(byNode.getOrDefault(node, List.of()));
            if (!el.shouldContinueRunning() || (!el.shouldRun() && here.stream().noneMatch(p -> "Running".equals(Pods.phase(p))))) {
                plan.deletes.addAll(here);
                continue;
            }
            List<Pod> failed = here.stream().filter(p -> "Failed".equals(Pods.phase(p))).toList();
            plan.deletes.addAll(failed);
            here.removeAll(failed);
            if (here.isEmpty()) {
                if (el.shouldRun()) {
                    plan.creates.add(node);
                }
                continue;
            }
            here.sort(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp())
                    .thenComparing(p -> p.getMetadata().getName()));
            if (here.size() > 1) {
                // during a surge an old and a new pod share the node; otherwise only the oldest stays
                Pod oldestNew = here.stream().filter(p -> hash.equals(DaemonPods.hash(p))).findFirst().orElse(null);
                Pod oldestOld = here.stream().filter(p -> !hash.equals(DaemonPods.hash(p))).findFirst().orElse(null);
                boolean surging = maxSurge(ds, eligibility) > 0 && oldestNew != null && oldestOld != null;
                for (Pod p : here) {
                    boolean keep = surging ? (p == oldestNew || p == oldestOld) : p == here.get(0);
                    if (!keep) {
                        plan.deletes.add(p);
                    }
                }
            }
        }
    }

    private static int desired(Map<String, NodeEligibility> eligibility) {
        return (int) eligibility.values().stream().filter(NodeEligibility::shouldRun).count();
    }

    private static int scaled(IntOrString v, int total, int dflt) {
        if (v == null) {
            return dflt;
        }
        if (v.getIntVal() != null) {
            return v.getIntVal();
        }
        String s = v.getStrVal();
        if (s != null && s.endsWith("%")) {
            try {
                return (int) Math.ceil(Integer.parseInt(s.substring(0, s.length() - 1)) * total / 100.0);
            } catch (NumberFormatException e) {
                return dflt;
            }
        }
        return dflt;
    }

    private static int maxSurge(DaemonSet ds, Map<String, NodeEligibility> eligibility) {
        var ru = ds.getSpec().getUpdateStrategy() == null ? null : ds.getSpec().getUpdateStrategy().getRollingUpdate();
        return ru == null ? 0 : scaled(ru.getMaxSurge(), desired(eligibility), 0);
    }

    private static int maxUnavailable(DaemonSet ds, Map<String, NodeEligibility> eligibility) {
        var ru = ds.getSpec().getUpdateStrategy() == null ? null : ds.getSpec().getUpdateStrategy().getRollingUpdate();
        int v = ru == null ? 1 : scaled(ru.getMaxUnavailable(), desired(eligibility), 1);
        return v == 0 && maxSurge(ds, eligibility) == 0 ? 1 : v;
    }

    /** One rolling-update step over the nodes that should run the pod. */
    private void rollingUpdate(DaemonSet ds, Map<String, List<Pod>> byNode, Map<String, NodeEligibility> eligibility,
                               String hash, Plan plan) {
        int minReady = ds.getSpec().getMinReadySeconds() == null ? 0 : ds.getSpec().getMinReadySeconds();
        Instant now = Instant.now();
        int surge = maxSurge(ds, eligibility);
        int maxUnavailable = maxUnavailable(ds, eligibility);
        int unavailable = 0;
        int surging = 0;
        List<Pod> candidates = new ArrayList<>();
        List<String> surgeNodes = new ArrayList<>();
        for (var e : eligibility.entrySet()) {
            if (!e.getValue().shouldRun()) {
                continue;
            }
            List<Pod> here = byNode.getOrDefault(e.getKey(), List.of());
            Pod newPod = here.stream().filter(p -> hash.equals(DaemonPods.hash(p))).findFirst().orElse(null);
            Pod oldPod = here.stream().filter(p -> !hash.equals(DaemonPods.hash(p))).findFirst().orElse(null);
            if (surge == 0) {
                if ((newPod == null && oldPod == null) || (newPod != null && oldPod != null)) {
                    unavailable++;
                } else if (newPod != null) {
                    if (!Pods.isAvailable(newPod, minReady, now)) {
                        unavailable++;
                    }
                } else if (!Pods.isAvailable(oldPod, minReady, now)) {
                    plan.deletes.add(oldPod); // an unavailable old pod costs nothing to replace
                } else {
                    candidates.add(oldPod);
                }
            } else if (oldPod != null) {
                if (!Pods.isAvailable(oldPod, minReady, now)) {
                    if (newPod == null) {
                        plan.deletes.add(oldPod);
                    }
                } else if (newPod == null) {
                    surgeNodes.add(e.getKey());
                } else if (Pods.isAvailable(newPod, minReady, now)) {
                    plan.deletes.add(oldPod); // its successor is available
                } else {
                    surging++;
                }
            }
        }
        if (surge == 0) {
            int room = Math.max(0, maxUnavailable - unavailable);
            plan.deletes.addAll(candidates.subList(0, Math.min(room, candidates.size())));
        } else {
            int room = Math.max(0, surge - surging);
            plan.creates.addAll(surgeNodes.subList(0, Math.min(room, surgeNodes.size())));
        }
    }

    private void execute(String key, DaemonSet ds, Plan plan, String hash) {
        expectations.expectCreations(key, plan.creates.size());
        expectations.expectDeletions(key, plan.deletes.stream().map(Keys::of).toList());
        RuntimeException failure = null;
        for (String node : plan.creates) {
            try {
                podControl.create(asTemplate(DaemonPods.newPod(ds, ds.getSpec().getTemplate(), hash, node)), ds);
            } catch (RuntimeException e) {
                expectations.creationSkipped(key);
                if (!PodControl.namespaceTerminating(e)) { // the namespace controller deletes the set: no retry
                    failure = failure == null ? e : failure;
                }
            }
        }
        for (Pod p : plan.deletes) {
            try {
                if (!podControl.delete(p, ds)) {
                    expectations.deletionObserved(key, Keys.of(p));
                }
            } catch (RuntimeException e) {
                expectations.deletionObserved(key, Keys.of(p));
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** PodControl creates from a template: the daemon pod's metadata and spec as one. */
    private static io.fabric8.kubernetes.api.model.PodTemplateSpec asTemplate(Pod pod) {
        var meta = new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withLabels(pod.getMetadata().getLabels())
                .withAnnotations(pod.getMetadata().getAnnotations()).build();
        return new io.fabric8.kubernetes.api.model.PodTemplateSpec(meta, pod.getSpec());
    }

    private Result nextAvailability(DaemonSet ds, List<Pod> owned) {
        int minReady = ds.getSpec().getMinReadySeconds() == null ? 0 : ds.getSpec().getMinReadySeconds();
        Instant now = Instant.now();
        return owned.stream().map(p -> Pods.untilAvailable(p, minReady, now)).flatMap(java.util.Optional::stream)
                .min(Comparator.naturalOrder()).map(d -> Result.requeueAfter(d.plusMillis(100))).orElse(Result.done());
    }

    private void writeStatus(DaemonSet ds, Map<String, List<Pod>> byNode, Map<String, NodeEligibility> eligibility,
                             String hash, int collisions) {
        int minReady = ds.getSpec().getMinReadySeconds() == null ? 0 : ds.getSpec().getMinReadySeconds();
        Instant now = Instant.now();
        int desired = 0;
        int current = 0;
        int misscheduled = 0;
        int ready = 0;
        int available = 0;
        int updated = 0;
        Set<String> all = new HashSet<>(eligibility.keySet());
        all.addAll(byNode.keySet());
        for (String node : all) {
            boolean shouldRun = eligibility.getOrDefault(node, new NodeEligibility(false, false)).shouldRun();
            List<Pod> here = byNode.getOrDefault(node, List.of());
            if (shouldRun) {
                desired++;
            }
            if (here.isEmpty()) {
                continue;
            }
            if (!shouldRun) {
                misscheduled++;
                continue;
            }
            current++;
            Pod oldest = here.stream().min(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp())).get();
            if (Pods.isReady(oldest)) {
                ready++;
                if (Pods.isAvailable(oldest, minReady, now)) {
                    available++;
                }
            }
            if (here.stream().anyMatch(p -> hash.equals(DaemonPods.hash(p)))) {
                updated++;
            }
        }
        DaemonSetStatus old = ds.getStatus() == null ? new DaemonSetStatus() : ds.getStatus();
        DaemonSetStatus status = new DaemonSetStatus(collisions, old.getConditions(), current, desired, available,
                misscheduled, ready, desired - available == 0 ? null : desired - available,
                ds.getMetadata().getGeneration(), updated);
        if (status.equals(old)) {
            return;
        }
        try {
            client.resource(new DaemonSetBuilder(ds).withStatus(status).build()).updateStatus();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            ctx.enqueue(Keys.of(ds));
        }
    }
}
