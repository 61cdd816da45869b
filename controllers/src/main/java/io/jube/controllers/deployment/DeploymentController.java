package io.jube.controllers.deployment;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.jube.api.Json;
import io.jube.api.selector.LabelSelector;
import io.jube.api.selector.SelectorException;
import io.jube.controllers.framework.Claimer;
import io.jube.controllers.framework.Controller;
import io.jube.controllers.framework.ControllerContext;
import io.jube.controllers.framework.Keys;
import io.jube.controllers.framework.ObjectEvent;
import io.jube.controllers.framework.OwnerRefs;
import io.jube.controllers.framework.Result;
import io.jube.controllers.framework.Selectors;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The apps/v1 Deployment controller: owns ReplicaSets named {@code <deployment>-<pod-template-hash>}, rolls from old
 * to new by the Deployment's strategy, keeps rollout history in revision annotations (reusing a ReplicaSet whose
 * template comes back, which is how {@code kubectl rollout undo} works), honours pause, and reports the status and
 * conditions {@code kubectl rollout status} reads.
 */
public final class DeploymentController implements Controller {
    public static final String NAME = "deployment";

    private final Clock clock;
    private ControllerContext ctx;
    private KubernetesClient client;
    private SharedIndexInformer<Deployment> deployments;
    private SharedIndexInformer<ReplicaSet> replicaSets;
    private SharedIndexInformer<Pod> pods;

    public DeploymentController() {
        this(Clock.systemUTC());
    }

    DeploymentController(Clock clock) {
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
        this.deployments = ctx.informer(Deployment.class);
        this.replicaSets = ctx.informer(ReplicaSet.class);
        this.pods = ctx.informer(Pod.class);
        ctx.index(ReplicaSet.class, OwnerRefs.BY_CONTROLLER_UID, OwnerRefs::controllerUidIndex);
        ctx.index(Pod.class, OwnerRefs.BY_CONTROLLER_UID, OwnerRefs::controllerUidIndex);
        ctx.watch(Deployment.class, e -> List.of(Keys.of(e.object())));
        ctx.watch(ReplicaSet.class, this::replicaSetEvent);
        ctx.watch(Pod.class, e -> e.type() == ObjectEvent.Type.DELETED
                ? Optional.ofNullable(deploymentOfPod(e.object())).map(List::of).orElse(List.of()) : List.of());
    }

    private Collection<String> replicaSetEvent(ObjectEvent<ReplicaSet> e) {
        Set<String> keys = new LinkedHashSet<>();
        String owner = ownerKey(e.object());
        if (owner != null) {
            keys.add(owner);
        } else if (OwnerRefs.controllerOf(e.object()).isEmpty() && e.type() != ObjectEvent.Type.DELETED) {
            keys.addAll(matchingDeployments(e.object()));
        }
        if (e.oldObject() != null) {
            String oldOwner = ownerKey(e.oldObject());
            if (oldOwner != null) {
                keys.add(oldOwner);
            }
        }
        return keys;
    }

    private String ownerKey(ReplicaSet rs) {
        Optional<OwnerReference> ref = OwnerRefs.controllerOf(rs);
        if (ref.isEmpty() || !"Deployment".equals(ref.get().getKind())) {
            return null;
        }
        String key = Keys.of(rs.getMetadata().getNamespace(), ref.get().getName());
        Deployment d = deployments.getIndexer().getByKey(key);
        return d != null && d.getMetadata().getUid().equals(ref.get().getUid()) ? key : null;
    }

    private String deploymentOfPod(Pod pod) {
        Optional<OwnerReference> ref = OwnerRefs.controllerOf(pod);
        if (ref.isEmpty() || !"ReplicaSet".equals(ref.get().getKind())) {
            return null;
        }
        ReplicaSet rs = replicaSets.getIndexer().getByKey(Keys.of(pod.getMetadata().getNamespace(), ref.get().getName()));
        return rs == null ? null : ownerKey(rs);
    }

    private List<String> matchingDeployments(ReplicaSet rs) {
        List<String> keys = new ArrayList<>();
        Map<String, String> labels = rs.getMetadata().getLabels() == null ? Map.of() : rs.getMetadata().getLabels();
        for (Deployment d : deployments.getIndexer().byIndex(Cache.NAMESPACE_INDEX, rs.getMetadata().getNamespace())) {
            try {
                LabelSelector sel = selector(d);
                if (!sel.isEverything() && sel.matches(labels)) {
                    keys.add(Keys.of(d));
                }
            } catch (SelectorException ignored) {
                // reported when the Deployment is reconciled
            }
        }
        return keys;
    }

    private static LabelSelector selector(Deployment d) {
        return LabelSelector.fromJson(d.getSpec().getSelector() == null ? null
                : Json.MAPPER.valueToTree(d.getSpec().getSelector()));
    }

    @Override
    public Result reconcile(String key) {
        Deployment d = deployments.getIndexer().getByKey(key);
        if (d == null) {
            return Result.done();
        }
        LabelSelector selector = Selectors.parseOrWarn(ctx.recorder(), d, () -> selector(d)).orElse(null);
        if (selector == null) {
            return Result.done();
        }
        if (selector.isEverything()) {
            ctx.recorder().warning(d, "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.");
            return Result.done();
        }
        String ns = d.getMetadata().getNamespace();
        String name = d.getMetadata().getName();
        List<ReplicaSet> owned = new Claimer<>(client, ReplicaSet.class, d, selector,
                () -> client.apps().deployments().inNamespace(ns).withName(name).get())
                .claim(replicaSets.getIndexer().byIndex(Cache.NAMESPACE_INDEX, ns));
        Map<String, List<Pod>> podsByRs = new HashMap<>();
        for (ReplicaSet rs : owned) {
            podsByRs.put(rs.getMetadata().getUid(), pods.getIndexer().byIndex(OwnerRefs.BY_CONTROLLER_UID, rs.getMetadata().getUid()));
        }
        Rollout r = new Rollout(client, ctx.recorder(), clock, d, owned, podsByRs);
        if (d.getMetadata().getDeletionTimestamp() != null) {
            return r.syncStatusOnly(r.findNew());
        }
        r.checkPausedConditions();
        if (Deployments.isPaused(r.d)) {
            return Strategies.sync(r);
        }
        if (Strategies.isScalingEvent(r)) {
            return Strategies.sync(r);
        }
        return Deployments.isRollingUpdate(r.d) ? Strategies.rolling(r) : Strategies.recreate(r);
    }

}
