package io.jube.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The deployment.kubernetes.io annotations that carry rollout history on ReplicaSets and Deployments. */
public final class Annotations {
    public static final String REVISION = "deployment.kubernetes.io/revision";
    public static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    public static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    public static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    static final String ROLLBACK_TO = "deprecated.deployment.rollback.to";
    /** Annotations that belong to the Deployment alone and are not copied to its ReplicaSets. */
    static final Set<String> NOT_COPIED = Set.of(REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS,
            LAST_APPLIED, ROLLBACK_TO);
    /** Kubernetes caps revision-history (a comma list) at the annotation value size it allows. */
    static final int HISTORY_LIMIT_CHARS = 256 * 1024;

    private Annotations() {
    }

    /** The revision of a ReplicaSet (or Deployment); 0 when absent or malformed. */
    public static long revision(io.fabric8.kubernetes.api.model.HasMetadata o) {
        String v = Deployments.annotations(o).get(REVISION);
        if (v == null) {
            return 0;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static long maxRevision(Collection<ReplicaSet> rss) {
        return rss.stream().mapToLong(Annotations::revision).max().orElse(0);
    }

    /** Copies the Deployment's own annotations onto {@code rsAnnotations}; true if any changed. */
    static boolean copyFromDeployment(Deployment d, Map<String, String> rsAnnotations) {
        boolean changed = false;
        for (var e : Deployments.annotations(d).entrySet()) {
            if (NOT_COPIED.contains(e.getKey())) {
                continue;
            }
            if (!e.getValue().equals(rsAnnotations.get(e.getKey()))) {
                rsAnnotations.put(e.getKey(), e.getValue());
                changed = true;
            }
        }
        return changed;
    }

    /**
     * Brings a new (or reused) ReplicaSet's annotations up to date: copied Deployment annotations, revision raised
     * to {@code newRevision}, and — when an old ReplicaSet is reused, as on rollback — its previous revision kept in
     * revision-history. True if anything changed.
     */
    static boolean setNewReplicaSetAnnotations(Deployment d, Map<String, String> rsAnnotations, long newRevision,
                                               boolean exists) {
        boolean changed = copyFromDeployment(d, rsAnnotations);
        String oldRevision = rsAnnotations.get(REVISION);
        long old = 0;
        try {
            old = oldRevision == null ? 0 : Long.parseLong(oldRevision.trim());
        } catch (NumberFormatException ignored) {
            // malformed: treat as no revision
        }
        if (old < newRevision) {
            rsAnnotations.put(REVISION, Long.toString(newRevision));
            changed = true;
            if (oldRevision != null && !oldRevision.isEmpty()) {
                List<String> history = new ArrayList<>();
                String h = rsAnnotations.get(REVISION_HISTORY);
                if (h != null && !h.isEmpty()) {
                    history.addAll(Arrays.asList(h.split(",")));
                }
                history.add(oldRevision);
                while (String.join(",", history).length() > HISTORY_LIMIT_CHARS && history.size() > 1) {
                    history.remove(0);
                }
                rsAnnotations.put(REVISION_HISTORY, String.join(",", history));
            }
        }
        if (!exists) {
            changed |= setReplicas(rsAnnotations, Deployments.replicas(d), Deployments.replicas(d) + Fenceposts.maxSurge(d));
        }
        return changed;
    }

    /** Sets desired-replicas and max-replicas; true if either changed. */
    static boolean setReplicas(Map<String, String> rsAnnotations, int desired, int max) {
        boolean changed = !Integer.toString(desired).equals(rsAnnotations.get(DESIRED_REPLICAS))
                || !Integer.toString(max).equals(rsAnnotations.get(MAX_REPLICAS));
        rsAnnotations.put(DESIRED_REPLICAS, Integer.toString(desired));
        rsAnnotations.put(MAX_REPLICAS, Integer.toString(max));
        return changed;
    }

    /** desired-replicas of a ReplicaSet, or -1 when absent/malformed. */
    static int desiredReplicas(ReplicaSet rs) {
        return intAnnotation(rs, DESIRED_REPLICAS);
    }

    static int maxReplicas(ReplicaSet rs) {
        return intAnnotation(rs, MAX_REPLICAS);
    }

    private static int intAnnotation(ReplicaSet rs, String key) {
        String v = Deployments.annotations(rs).get(key);
        if (v == null) {
            return -1;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
