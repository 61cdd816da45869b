package io.jube.controllers.deployment;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.jube.api.Json;
import io.jube.controllers.framework.EventRecorder;
import io.jube.controllers.framework.OwnerRefs;
import io.jube.controllers.framework.Result;
import io.jube.controllers.framework.TemplateHash;
import io.jube.controllers.framework.Times;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One reconcile of one Deployment: the ReplicaSets it owns (kept current as this reconcile writes them), and the
 * operations every strategy shares — finding or creating the new ReplicaSet, scaling a ReplicaSet with its
 * replica annotations and event, cleaning up history, and writing status with the Progressing condition.
 */
final class Rollout {
    final KubernetesClient client;
    final EventRecorder recorder;
    final Instant now;
    Deployment d;
    private final List<ReplicaSet> owned;
    /** Active pods of each owned ReplicaSet, by the ReplicaSet's uid (Recreate waits for old pods to go). */
    final Map<String, List<Pod>> podsByRs;

    Rollout(KubernetesClient client, EventRecorder recorder, Clock clock, Deployment d, List<ReplicaSet> owned,
            Map<String, List<Pod>> podsByRs) {
        this.client = client;
        this.recorder = recorder;
        this.now = clock.instant();
        this.d = d;
        this.owned = new ArrayList<>(owned);
        this.podsByRs = podsByRs;
    }

    String ns() {
        return d.getMetadata().getNamespace();
    }

    /** The ReplicaSet whose template is the Deployment's (the oldest one, should there be several). */
    ReplicaSet findNew() {
        return owned.stream()
                .sorted(Comparator.comparing((ReplicaSet rs) -> Objects.toString(rs.getMetadata().getCreationTimestamp(), ""))
                        .thenComparing(rs -> rs.getMetadata().getName()))
                .filter(rs -> TemplateHash.equalIgnoringHash(rs.getSpec().getTemplate(), d.getSpec().getTemplate()))
                .findFirst().orElse(null);
    }

    List<ReplicaSet> olds(ReplicaSet newRS) {
        return owned.stream().filter(rs -> newRS == null || !rs.getMetadata().getUid().equals(newRS.getMetadata().getUid()))
                .toList();
    }

    List<ReplicaSet> all() {
        return List.copyOf(owned);
    }

    private void replace(ReplicaSet updated) {
        for (int i = 0; i < owned.size(); i++) {
            if (owned.get(i).getMetadata().getUid().equals(updated.getMetadata().getUid())) {
                owned.set(i, updated);
                return;
            }
        }
        owned.add(updated);
    }

    /**
     * The new ReplicaSet with its revision synced to max(old)+1 (reusing an old one whose template matches, as
     * after {@code kubectl rollout undo}); created when absent and {@code create} is set, else {@code null}.
     */
    ReplicaSet syncNewReplicaSet(boolean create) {
        ReplicaSet existing = findNew();
        long newRevision = Annotations.maxRevision(olds(existing)) + 1;
        if (existing != null) {
            Map<String, String> ann = new HashMap<>(Deployments.annotations(existing));
            boolean annotationsChanged = Annotations.setNewReplicaSetAnnotations(d, ann, newRevision, true);
            boolean minReadyChanged = !Objects.equals(existing.getSpec().getMinReadySeconds(), d.getSpec().getMinReadySeconds())
                    && !(existing.getSpec().getMinReadySeconds() == null && Deployments.minReadySeconds(d) == 0);
            if (annotationsChanged || minReadyChanged) {
                existing = update(new ReplicaSetBuilder(existing).editMetadata().withAnnotations(ann).endMetadata()
                        .editSpec().withMinReadySeconds(Deployments.minReadySeconds(d)).endSpec().build());
            }
            syncDeploymentRevision(existing);
            if (Deployments.progressDeadline(d) != null && Progress.condition(Progress.status(d), Progress.PROGRESSING) == null) {
                writeStatus(Progress.setCondition(Progress.status(d), Progress.newCondition(Progress.PROGRESSING, "True",
                        Progress.FOUND_NEW_RS, "Found new replica set \"" + existing.getMetadata().getName() + "\"", now)));
            }
            return existing;
        }
        if (!create) {
            return null;
        }
        return createNew(newRevision);
    }

    private ReplicaSet createNew(long newRevision) {
        Integer collisions = Progress.status(d).getCollisionCount();
        String hash = TemplateHash.of(d.getSpec().getTemplate(), collisions);
        PodTemplateSpec template = new PodTemplateSpecBuilder(d.getSpec().getTemplate()).editOrNewMetadata()
                .addToLabels(TemplateHash.LABEL, hash).endMetadata().build();
        LabelSelector selector = new LabelSelectorBuilder(d.getSpec().getSelector())
                .addToMatchLabels(TemplateHash.LABEL, hash).build();
        Map<String, String> ann = new HashMap<>();
        Annotations.setNewReplicaSetAnnotations(d, ann, newRevision, false);
        int replicas = Strategies.newReplicaSetReplicas(d, olds(null), null);
        String name = d.getMetadata().getName() + "-" + hash;
        ReplicaSet rs = new ReplicaSetBuilder()
                .withNewMetadata().withName(name).withNamespace(ns())
                .withLabels(template.getMetadata().getLabels()).withAnnotations(ann)
                .withOwnerReferences(OwnerRefs.controllerRef(d)).endMetadata()
                .withNewSpec().withReplicas(replicas).withMinReadySeconds(Deployments.minReadySeconds(d))
                .withSelector(selector).withTemplate(template).endSpec().build();
        ReplicaSet created;
        try {
            created = client.apps().replicaSets().inNamespace(ns()).resource(rs).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            ReplicaSet live = client.apps().replicaSets().inNamespace(ns()).withName(name).get();
            if (live != null && OwnerRefs.isControlledBy(live, d)
                    && TemplateHash.equalIgnoringHash(live.getSpec().getTemplate(), d.getSpec().getTemplate())) {
                replace(live); // ours: our cache had not caught up yet
                return live;
            }
            // a different ReplicaSet holds the name: change the hash and try again
            int next = collisions == null ? 1 : collisions + 1;
            writeStatus(new DeploymentStatusBuilder(Progress.status(d)).withCollisionCount(next).build());
            throw new IllegalStateException("hash collision for ReplicaSet " + name + "; collisionCount is now " + next);
        }
        replace(created);
        if (replicas > 0) {
            recorder.normal(d, "ScalingReplicaSet", "Scaled up replica set " + name + " to " + replicas);
        }
        syncDeploymentRevision(created);
        if (Deployments.progressDeadline(d) != null) {
            writeStatus(Progress.setCondition(Progress.status(d), Progress.newCondition(Progress.PROGRESSING, "True",
                    Progress.NEW_RS_CREATED, "Created new replica set \"" + name + "\"", now)));
        }
        return created;
    }

    /** Keeps the Deployment's revision annotation equal to its new ReplicaSet's (kubectl reads it). */
    private void syncDeploymentRevision(ReplicaSet newRS) {
        String revision = Deployments.annotations(newRS).get(Annotations.REVISION);
        if (revision == null || revision.equals(Deployments.annotations(d).get(Annotations.REVISION))) {
            return;
        }
        var patch = Json.MAPPER.createObjectNode();
        patch.putObject("metadata").putObject("annotations").put(Annotations.REVISION, revision);
        Deployment patched = client.apps().deployments().inNamespace(ns()).withName(d.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
        // keep our spec view; take metadata (resourceVersion) from the write so the status write does not conflict
        d = new DeploymentBuilder(d).withMetadata(patched.getMetadata()).build();
    }

    ReplicaSet update(ReplicaSet rs) {
        ReplicaSet updated = client.apps().replicaSets().inNamespace(ns()).resource(rs).update();
        replace(updated);
        return updated;
    }

    /** Scales {@code rs} to {@code size}, also refreshing its desired/max-replicas annotations; true if resized. */
    boolean scale(ReplicaSet rs, int size) {
        int from = Deployments.specReplicas(rs);
        Map<String, String> ann = new HashMap<>(Deployments.annotations(rs));
        boolean annotationsChanged = Annotations.setReplicas(ann, Deployments.replicas(d),
                Deployments.replicas(d) + Fenceposts.maxSurge(d));
        if (from == size && !annotationsChanged) {
            return false;
        }
        update(new ReplicaSetBuilder(rs).editMetadata().withAnnotations(ann).endMetadata()
                .editSpec().withReplicas(size).endSpec().build());
        if (from != size) {
            recorder.normal(d, "ScalingReplicaSet", "Scaled " + (size > from ? "up" : "down") + " replica set "
                    + rs.getMetadata().getName() + " to " + size + " from " + from);
        }
        return from != size;
    }

    /** Deletes the oldest fully scaled-down ReplicaSets beyond revisionHistoryLimit. */
    void cleanup(List<ReplicaSet> oldRSs) {
        Integer limit = d.getSpec().getRevisionHistoryLimit();
        if (limit == null) {
            return;
        }
        List<ReplicaSet> alive = oldRSs.stream().filter(rs -> rs.getMetadata().getDeletionTimestamp() == null)
                .sorted(Comparator.comparingLong(Annotations::revision)
                        .thenComparing(rs -> Objects.toString(rs.getMetadata().getCreationTimestamp(), "")))
                .toList();
        int excess = alive.size() - limit;
        for (int i = 0; i < excess; i++) {
            ReplicaSet rs = alive.get(i);
            long observed = rs.getStatus() == null || rs.getStatus().getObservedGeneration() == null ? 0
                    : rs.getStatus().getObservedGeneration();
            long generation = rs.getMetadata().getGeneration() == null ? 0 : rs.getMetadata().getGeneration();
            if (Deployments.statusReplicas(rs) != 0 || Deployments.specReplicas(rs) != 0 || generation > observed) {
                continue; // still has (or may have) pods
            }
            client.apps().replicaSets().inNamespace(ns()).withName(rs.getMetadata().getName()).delete();
        }
    }

    /** Writes {@code status} if it differs from the Deployment's; the Deployment view is updated. */
    void writeStatus(DeploymentStatus status) {
        if (Json.MAPPER.valueToTree(status).equals(Json.MAPPER.valueToTree(Progress.status(d)))) {
            return;
        }
        Deployment next = new DeploymentBuilder(d).withStatus(status).build();
        d = client.resource(next).updateStatus();
    }

    /** Status for a pause or scale-only sync: the counters and Available, no progress judgement. */
    Result syncStatusOnly(ReplicaSet newRS) {
        DeploymentStatus s = Progress.calculate(d, all(), newRS, now);
        writeStatus(s);
        return Result.done();
    }

    /**
     * Status after a rollout step, with the Progressing condition: NewReplicaSetAvailable when complete,
     * ReplicaSetUpdated while pods move, ProgressDeadlineExceeded when nothing moved for progressDeadlineSeconds.
     * Returns a requeue for when the deadline would pass, since no event will announce it.
     */
    Result syncRolloutStatus(ReplicaSet newRS) {
        DeploymentStatus s = Progress.calculate(d, all(), newRS, now);
        Integer deadline = Deployments.progressDeadline(d);
        if (deadline == null) {
            s = Progress.removeCondition(s, Progress.PROGRESSING);
        }
        DeploymentCondition current = Progress.condition(s, Progress.PROGRESSING);
        boolean completeAlready = Progress.n(s.getReplicas()) == Progress.n(s.getUpdatedReplicas()) && current != null
                && Progress.NEW_RS_AVAILABLE.equals(current.getReason());
        String rsName = newRS == null ? null : newRS.getMetadata().getName();
        if (deadline != null && !completeAlready) {
            if (Progress.complete(d, s)) {
                s = Progress.setCondition(s, Progress.newCondition(Progress.PROGRESSING, "True", Progress.NEW_RS_AVAILABLE,
                        "ReplicaSet \"" + rsName + "\" has successfully progressed.", now));
            } else if (Progress.progressing(d, s)) {
                String msg = rsName == null ? "Deployment \"" + d.getMetadata().getName() + "\" is progressing."
                        : "ReplicaSet \"" + rsName + "\" is progressing.";
                DeploymentCondition c = Progress.newCondition(Progress.PROGRESSING, "True", Progress.RS_UPDATED, msg, now);
                if (current != null && "True".equals(current.getStatus())) {
                    c.setLastTransitionTime(current.getLastTransitionTime());
                }
                s = Progress.setCondition(Progress.removeCondition(s, Progress.PROGRESSING), c);
            } else if (Progress.timedOut(d, s, now)) {
                String msg = rsName == null ? "Deployment \"" + d.getMetadata().getName() + "\" has timed out progressing."
                        : "ReplicaSet \"" + rsName + "\" has timed out progressing.";
                s = Progress.setCondition(s, Progress.newCondition(Progress.PROGRESSING, "False", Progress.TIMED_OUT, msg, now));
                recorder.warning(d, Progress.TIMED_OUT, msg);
            }
        }
        writeStatus(s);
        return requeueForDeadline(s);
    }

    private Result requeueForDeadline(DeploymentStatus s) {
        Integer deadline = Deployments.progressDeadline(d);
        DeploymentCondition c = Progress.condition(s, Progress.PROGRESSING);
        if (deadline == null || c == null || Progress.complete(d, s) || Progress.TIMED_OUT.equals(c.getReason())) {
            return Result.done();
        }
        Instant from = Times.parse(c.getLastUpdateTime());
        if (from == null) {
            return Result.done();
        }
        Duration left = Duration.between(now, from.plusSeconds(deadline));
        return Result.requeueAfter(left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left.plusSeconds(1));
    }

    /** Progressing=Unknown with DeploymentPaused/DeploymentResumed when spec.paused flips. */
    void checkPausedConditions() {
        if (Deployments.progressDeadline(d) == null) {
            return;
        }
        DeploymentCondition c = Progress.condition(Progress.status(d), Progress.PROGRESSING);
        boolean pausedCond = c != null && Progress.PAUSED.equals(c.getReason());
        if (Deployments.isPaused(d) && !pausedCond) {
            writeStatus(Progress.setCondition(Progress.status(d), Progress.newCondition(Progress.PROGRESSING, "Unknown",
                    Progress.PAUSED, "Deployment is paused", now)));
        } else if (!Deployments.isPaused(d) && pausedCond) {
            writeStatus(Progress.setCondition(Progress.status(d), Progress.newCondition(Progress.PROGRESSING, "Unknown",
                    Progress.RESUMED, "Deployment is resumed", now)));
        }
    }
}
