package io.jube.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.jube.controllers.framework.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Deployment status: counters from the ReplicaSets and the Available/Progressing conditions. */
final class Progress {
    static final String AVAILABLE = "Available";
    static final String PROGRESSING = "Progressing";
    static final String REPLICA_FAILURE = "ReplicaFailure";
    static final String NEW_RS_CREATED = "NewReplicaSetCreated";
    static final String FOUND_NEW_RS = "FoundNewReplicaSet";
    static final String RS_UPDATED = "ReplicaSetUpdated";
    static final String NEW_RS_AVAILABLE = "NewReplicaSetAvailable";
    static final String TIMED_OUT = "ProgressDeadlineExceeded";
    static final String PAUSED = "DeploymentPaused";
    static final String RESUMED = "DeploymentResumed";
    static final String MIN_AVAILABLE = "MinimumReplicasAvailable";
    static final String MIN_UNAVAILABLE = "MinimumReplicasUnavailable";

    private Progress() {
    }

    static DeploymentStatus status(Deployment d) {
        return d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
    }

    static DeploymentCondition condition(DeploymentStatus s, String type) {
        if (s.getConditions() == null) {
            return null;
        }
        return s.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    static DeploymentCondition newCondition(String type, String status, String reason, String message, Instant now) {
        String ts = Times.format(now);
        return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(message).withLastUpdateTime(ts).withLastTransitionTime(ts).build();
    }

    /**
     * Sets a condition unless one with the same status and reason exists; keeps the transition time when only the
     * reason changes. Returns a new status (inputs are cache objects and never modified).
     */
    static DeploymentStatus setCondition(DeploymentStatus s, DeploymentCondition c) {
        DeploymentCondition current = condition(s, c.getType());
        if (current != null && current.getStatus().equals(c.getStatus()) && current.getReason() != null
                && current.getReason().equals(c.getReason())) {
            return s;
        }
        DeploymentCondition toSet = c;
        if (current != null && current.getStatus().equals(c.getStatus())) {
            toSet = new DeploymentConditionBuilder(c).withLastTransitionTime(current.getLastTransitionTime()).build();
        }
        List<DeploymentCondition> list = new ArrayList<>();
        if (s.getConditions() != null) {
            s.getConditions().stream().filter(x -> !x.getType().equals(c.getType())).forEach(list::add);
        }
        list.add(toSet);
        return new DeploymentStatusBuilder(s).withConditions(list).build();
    }

    static DeploymentStatus removeCondition(DeploymentStatus s, String type) {
        if (condition(s, type) == null) {
            return s;
        }
        List<DeploymentCondition> list = new ArrayList<>(s.getConditions());
        list.removeIf(x -> x.getType().equals(type));
        return new DeploymentStatusBuilder(s).withConditions(list).build();
    }

    /** The counters (and Available condition) the ReplicaSets imply. */
    static DeploymentStatus calculate(Deployment d, List<ReplicaSet> all, ReplicaSet newRS, Instant now) {
        DeploymentStatus old = status(d);
        int available = Deployments.sumAvailable(all);
        int unavailable = Math.max(0, Deployments.sumSpec(all) - available);
        DeploymentStatus s = new DeploymentStatusBuilder()
                .withObservedGeneration(d.getMetadata().getGeneration())
                .withReplicas(Deployments.sumStatus(all))
                .withUpdatedReplicas(newRS == null ? 0 : Deployments.statusReplicas(newRS))
                .withReadyReplicas(Deployments.sumReady(all))
                .withAvailableReplicas(available)
                .withUnavailableReplicas(unavailable)
                .withCollisionCount(old.getCollisionCount())
                .withConditions(old.getConditions() == null ? new ArrayList<>() : new ArrayList<>(old.getConditions()))
                .build();
        if (available >= Deployments.replicas(d) - Fenceposts.maxUnavailable(d)) {
            s = setCondition(s, newCondition(AVAILABLE, "True", MIN_AVAILABLE, "Deployment has minimum availability.", now));
        } else {
            s = setCondition(s, newCondition(AVAILABLE, "False", MIN_UNAVAILABLE, "Deployment does not have minimum availability.", now));
        }
        return s;
    }

    /** The rollout is done: every replica updated and available, and the latest spec observed. */
    static boolean complete(Deployment d, DeploymentStatus s) {
        int r = Deployments.replicas(d);
        return n(s.getUpdatedReplicas()) == r && n(s.getReplicas()) == r && n(s.getAvailableReplicas()) == r
                && s.getObservedGeneration() != null && s.getObservedGeneration() >= n(d.getMetadata().getGeneration());
    }

    /** Something moved since the last status: more updated/ready/available pods, or fewer old ones. */
    static boolean progressing(Deployment d, DeploymentStatus next) {
        DeploymentStatus cur = status(d);
        int curOld = n(cur.getReplicas()) - n(cur.getUpdatedReplicas());
        int nextOld = n(next.getReplicas()) - n(next.getUpdatedReplicas());
        return n(next.getUpdatedReplicas()) > n(cur.getUpdatedReplicas()) || nextOld < curOld
                || n(next.getReadyReplicas()) > n(cur.getReadyReplicas())
                || n(next.getAvailableReplicas()) > n(cur.getAvailableReplicas());
    }

    /** The last progress is older than progressDeadlineSeconds. */
    static boolean timedOut(Deployment d, DeploymentStatus s, Instant now) {
        Integer deadline = Deployments.progressDeadline(d);
        DeploymentCondition c = condition(s, PROGRESSING);
        if (deadline == null || c == null || NEW_RS_AVAILABLE.equals(c.getReason())) {
            return false;
        }
        if (TIMED_OUT.equals(c.getReason())) {
            return true;
        }
        Instant from = Times.parse(c.getLastUpdateTime());
        return from != null && from.plusSeconds(deadline).isBefore(now);
    }

    static int n(Integer i) {
        return i == null ? 0 : i;
    }

    static long n(Long l) {
        return l == null ? 0 : l;
    }
}
