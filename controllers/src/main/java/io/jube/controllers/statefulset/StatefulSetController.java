package io.jube.controllers.statefulset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.jube.api.Json;
import io.jube.api.selector.LabelSelector;
import io.jube.controllers.framework.Claimer;
import io.jube.controllers.framework.Controller;
import io.jube.controllers.framework.ControllerContext;
import io.jube.controllers.framework.Keys;
import io.jube.controllers.framework.PodControl;
import io.jube.controllers.framework.Pods;
import io.jube.controllers.framework.Result;
import io.jube.controllers.framework.Selectors;
import io.jube.controllers.history.History;
import io.jube.controllers.history.Owned;
import io.jube.controllers.history.Revisions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Keeps a StatefulSet's pods {@code <name>-0 .. <name>-(n-1)}: creates missing ordinals (with their claims) in order,
 * each waiting for the previous to be Running and Ready under OrderedReady or all at once under Parallel; deletes
 * ordinals ≥ replicas highest first; rolls pods onto the update revision highest ordinal first down to
 * {@code partition}, one at a time (RollingUpdate) or leaves that to the user (OnDelete); records ControllerRevisions
 * and the status {@code kubectl rollout status} reads.
 */
public final class StatefulSetController implements Controller {
    public static final String NAME = "statefulset";

    private ControllerContext ctx;
    private KubernetesClient client;
    private SharedIndexInformer<StatefulSet> sets;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<PersistentVolumeClaim> claims;
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
        this.sets = ctx.informer(StatefulSet.class);
        this.pods = ctx.informer(Pod.class);
        this.claims = ctx.informer(PersistentVolumeClaim.class);
        this.podControl = new PodControl(client, ctx.recorder());
        this.history = History.watch(ctx, "StatefulSet");
        ctx.watch(StatefulSet.class, e -> List.of(Keys.of(e.object())));
        ctx.watch(Pod.class, e -> Owned.ownerKeys(e, "StatefulSet"));
    }

    @Override
    public Result reconcile(String key) throws Exception {
        StatefulSet sts = sets.getIndexer().getByKey(key);
        if (sts == null || sts.getMetadata().getDeletionTimestamp() != null) {
            return Result.done(); // the garbage collector removes the pods
        }
        LabelSelector selector = Selectors.parseOrWarn(ctx.recorder(), sts,
                () -> LabelSelector.fromJson(Json.MAPPER.valueToTree(sts.getSpec().getSelector()))).orElse(null);
        if (selector == null) {
            return Result.done();
        }
        String ns = sts.getMetadata().getNamespace();
        List<Pod> candidates = new ArrayList<>();
        for (Pod p : pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, ns)) {
            if (StatefulPods.ordinal(sts, p) >= 0) { // only names of this set are members
                candidates.add(p);
            }
        }
        String name = sts.getMetadata().getName();
        List<Pod> owned = new Claimer<>(client, Pod.class, sts, selector,
                () -> client.apps().statefulSets().inNamespace(ns).withName(name).get()).claim(candidates);

        Revisions.Update update = history.ensure(sts, sts.getSpec().getTemplate(),
                sts.getStatus() == null ? null : sts.getStatus().getCollisionCount());
        ControllerRevision updateRev = update.revision();
        ControllerRevision currentRev = current(sts, history.of(sts), updateRev);

        int replicas = sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
        Pod[] slots = new Pod[replicas];
        List<Pod> condemned = new ArrayList<>();
        for (Pod p : owned) {
            int ord = StatefulPods.ordinal(sts, p);
            if (ord < replicas) {
                slots[ord] = p;
            } else {
                condemned.add(p);
            }
        }
        condemned.sort((a, b) -> StatefulPods.ordinal(sts, b) - StatefulPods.ordinal(sts, a));

        new Step(sts, slots, condemned, currentRev, updateRev).run();

        writeStatus(sts, owned, currentRev, updateRev, update.collisionCount());
        Set<String> live = new HashSet<>();
        live.add(currentRev.getMetadata().getName());
        live.add(updateRev.getMetadata().getName());
        owned.forEach(p -> live.add(StatefulPods.revision(p)));
        history.truncate(sts, live, sts.getSpec().getRevisionHistoryLimit());
        return Result.done();
    }

    /** The revision the status names as current if it still exists, else the update revision. */
    private static ControllerRevision current(StatefulSet sts, List<ControllerRevision> history, ControllerRevision update) {
        String name = sts.getStatus() == null ? null : sts.getStatus().getCurrentRevision();
        if (name == null) {
            return update;
        }
        return history.stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst().orElse(update);
    }

    private static boolean healthy(Pod p) {
        return "Running".equals(Pods.phase(p)) && Pods.isReady(p) && p.getMetadata().getDeletionTimestamp() == null;
    }

    private static boolean finished(Pod p) {
        String phase = Pods.phase(p);
        return "Failed".equals(phase) || "Succeeded".equals(phase);
    }

    /** One pass of the update algorithm; under OrderedReady it stops at the first pod it has to wait for. */
    private final class Step {
        final StatefulSet sts;
        final Pod[] slots;
        final List<Pod> condemned;
        final ControllerRevision currentRev;
        final ControllerRevision updateRev;
        final boolean ordered;
        final int partition;
        final boolean rolling;

        Step(StatefulSet sts, Pod[] slots, List<Pod> condemned, ControllerRevision currentRev, ControllerRevision updateRev) {
            this.sts = sts;
            this.slots = slots;
            this.condemned = condemned;
            this.currentRev = currentRev;
            this.updateRev = updateRev;
            this.ordered = !"Parallel".equals(sts.getSpec().getPodManagementPolicy());
            var strategy = sts.getSpec().getUpdateStrategy();
            this.rolling = strategy == null || !"OnDelete".equals(strategy.getType());
            this.partition = strategy == null || strategy.getRollingUpdate() == null
                    || strategy.getRollingUpdate().getPartition() == null ? 0 : strategy.getRollingUpdate().getPartition();
        }

        void run() {
            for (int ord = 0; ord < slots.length; ord++) {
                Pod p = slots[ord];
                if (p != null && finished(p)) {
                    podControl.delete(p, sts); // recreated under the same name once gone
                    if (ordered) {
                        return;
                    }
                    continue;
                }
                if (p == null) {
                    create(ord);
                    if (ordered) {
                        return;
                    }
                    continue;
                }
                ensureClaims(ord);
                if (ordered && !healthy(p)) {
                    return; // the next ordinal waits for this one to be Running and Ready
                }
            }
            for (Pod p : condemned) {
                if (p.getMetadata().getDeletionTimestamp() != null) {
                    if (ordered) {
                        return; // wait until it is gone before the next one
                    }
                    continue;
                }
                if (ordered && anyUnhealthyBesides(p)) {
                    return;
                }
                releaseClaimsOnScaleDown(p);
                podControl.delete(p, sts);
                if (ordered) {
                    return;
                }
            }
            if (!rolling) {
                return;
            }
            String target = updateRev.getMetadata().getName();
            for (int ord = slots.length - 1; ord >= partition; ord--) {
                Pod p = slots[ord];
                if (p == null) {
                    return;
                }
                if (!target.equals(StatefulPods.revision(p)) && p.getMetadata().getDeletionTimestamp() == null) {
                    podControl.delete(p, sts);
                    return; // one at a time
                }
                if (!healthy(p)) {
                    return; // wait for the updated pod before touching the next
                }
            }
        }

        private boolean anyUnhealthyBesides(Pod pod) {
            for (Pod p : slots) {
                if (p == null || !healthy(p)) {
                    return true;
                }
            }
            for (Pod p : condemned) {
                if (p != pod && !healthy(p)) {
                    return true;
                }
            }
            return false;
        }

        private void create(int ord) {
            ensureClaims(ord);
            ControllerRevision rev = rolling && ord < partition ? currentRev : updateRev;
            PodTemplateSpec template = Revisions.template(rev);
            if (template == null) {
                template = sts.getSpec().getTemplate();
                rev = updateRev;
            }
            Pod pod = StatefulPods.newPod(sts, template, rev.getMetadata().getName(), ord);
            try {
                client.pods().inNamespace(sts.getMetadata().getNamespace()).resource(pod).create();
                ctx.recorder().normal(sts, "SuccessfulCreate", "create Pod " + pod.getMetadata().getName()
                        + " in StatefulSet " + sts.getMetadata().getName() + " successful");
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409) {
                    return; // our cache lags: the pod exists (or is still terminating)
                }
                ctx.recorder().warning(sts, "FailedCreate", "create Pod " + pod.getMetadata().getName()
                        + " in StatefulSet " + sts.getMetadata().getName() + " failed error: " + e.getMessage());
                throw e;
            }
        }

        private void ensureClaims(int ord) {
            for (PersistentVolumeClaim t : StatefulPods.claimTemplates(sts)) {
                String claim = StatefulPods.claimName(t.getMetadata().getName(), sts, ord);
                if (claims.getIndexer().getByKey(Keys.of(sts.getMetadata().getNamespace(), claim)) != null) {
                    continue;
                }
                try {
                    client.persistentVolumeClaims().inNamespace(sts.getMetadata().getNamespace())
                            .resource(StatefulPods.newClaim(sts, t, ord)).create();
                    ctx.recorder().normal(sts, "SuccessfulCreate", "create Claim " + claim + " Pod "
                            + StatefulPods.podName(sts, ord) + " in StatefulSet " + sts.getMetadata().getName() + " success");
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 409) {
                        ctx.recorder().warning(sts, "FailedCreate", "create Claim " + claim + " for Pod "
                                + StatefulPods.podName(sts, ord) + " in StatefulSet " + sts.getMetadata().getName()
                                + " failed error: " + e.getMessage());
                        throw e;
                    }
                }
            }
        }

        /** whenScaled: Delete — the condemned pod owns its claims, so they go with it. */
        private void releaseClaimsOnScaleDown(Pod pod) {
            if (!"Delete".equals(StatefulPods.whenScaled(sts))) {
                return;
            }
            int ord = StatefulPods.ordinal(sts, pod);
            OwnerReference ref = new OwnerReferenceBuilder().withApiVersion("v1").withKind("Pod")
                    .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).build();
            for (PersistentVolumeClaim t : StatefulPods.claimTemplates(sts)) {
                String claim = StatefulPods.claimName(t.getMetadata().getName(), sts, ord);
                PersistentVolumeClaim pvc = claims.getIndexer().getByKey(Keys.of(sts.getMetadata().getNamespace(), claim));
                if (pvc == null || (pvc.getMetadata().getOwnerReferences() != null && pvc.getMetadata().getOwnerReferences()
                        .stream().anyMatch(r -> Objects.equals(r.getUid(), ref.getUid())))) {
                    continue;
                }
                client.persistentVolumeClaims().inNamespace(sts.getMetadata().getNamespace()).withName(claim)
                        .edit(c -> {
                            List<OwnerReference> refs = new ArrayList<>(c.getMetadata().getOwnerReferences() == null
                                    ? List.of() : c.getMetadata().getOwnerReferences());
                            refs.add(ref);
                            c.getMetadata().setOwnerReferences(refs);
                            return c;
                        });
            }
        }
    }

    private void writeStatus(StatefulSet sts, List<Pod> owned, ControllerRevision currentRev,
                             ControllerRevision updateRev, int collisions) {
        String current = currentRev.getMetadata().getName();
        String update = updateRev.getMetadata().getName();
        int minReady = sts.getSpec().getMinReadySeconds() == null ? 0 : sts.getSpec().getMinReadySeconds();
        Instant now = Instant.now();
        int replicas = 0;
        int ready = 0;
        int available = 0;
        int currentReplicas = 0;
        int updated = 0;
        for (Pod p : owned) {
            if (p.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            replicas++;
            if (Pods.isReady(p)) {
                ready++;
                if (Pods.isAvailable(p, minReady, now)) {
                    available++;
                }
            }
            String rev = StatefulPods.revision(p);
            if (current.equals(rev)) {
                currentReplicas++;
            }
            if (update.equals(rev)) {
                updated++;
            }
        }
        boolean rolling = sts.getSpec().getUpdateStrategy() == null || !"OnDelete".equals(sts.getSpec().getUpdateStrategy().getType());
        if (rolling && updated == replicas && ready == replicas) {
            current = update; // the rollout is complete
            currentReplicas = updated;
        }
        StatefulSetStatus old = sts.getStatus() == null ? new StatefulSetStatus() : sts.getStatus();
        StatefulSetStatus status = new StatefulSetStatus(available, collisions, old.getConditions(), currentReplicas,
                current, sts.getMetadata().getGeneration(), ready, replicas, update, updated);
        if (status.equals(old)) {
            return;
        }
        StatefulSet copy = new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder(sts).withStatus(status).build();
        try {
            client.resource(copy).updateStatus();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            ctx.enqueue(Keys.of(sts)); // our cache lagged: look again with the fresh object
        }
    }
}
