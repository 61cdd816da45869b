package io.jube.controllers.deployment;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.jube.controllers.framework.Pods;
import io.jube.controllers.framework.Result;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The rollout strategies (RollingUpdate, Recreate) and scaling of a Deployment's ReplicaSets. */
final class Strategies {
    private Strategies() {
    }

    /** How many replicas the new ReplicaSet may have now (Kubernetes' NewRSNewReplicas). */
    static int newReplicaSetReplicas(Deployment d, List<ReplicaSet> all, ReplicaSet newRS) {
        int replicas = Deployments.replicas(d);
        if (!Deployments.isRollingUpdate(d)) {
            return replicas;
        }
        int current = newRS == null ? 0 : Deployments.specReplicas(newRS);
        int total = Deployments.sumSpec(all); // all includes newRS when it exists
        int maxTotal = replicas + Fenceposts.of(d).maxSurge();
        if (total >= maxTotal) {
            return current; // surge budget spent
        }
        int up = Math.min(maxTotal - total, replicas - current);
        return current + Math.max(0, up);
    }

    // ---- RollingUpdate ----

    static Result rolling(Rollout r) {
        ReplicaSet newRS = r.syncNewReplicaSet(true);
        if (scaleNewForRolling(r, newRS)) {
            return r.syncRolloutStatus(current(r, newRS));
        }
        newRS = current(r, newRS);
        if (scaleDownOldForRolling(r, newRS)) {
            return r.syncRolloutStatus(current(r, newRS));
        }
        newRS = current(r, newRS);
        if (Progress.complete(r.d, Progress.calculate(r.d, r.all(), newRS, r.now))) {
            r.cleanup(r.olds(newRS));
        }
        return r.syncRolloutStatus(newRS);
    }

    /** The latest version of {@code rs} this reconcile holds. */
    static ReplicaSet current(Rollout r, ReplicaSet rs) {
        if (rs == null) {
            return null;
        }
        return r.all().stream().filter(x -> x.getMetadata().getUid().equals(rs.getMetadata().getUid()))
                .findFirst().orElse(rs);
    }

    private static boolean scaleNewForRolling(Rollout r, ReplicaSet newRS) {
        int replicas = Deployments.replicas(r.d);
        int current = Deployments.specReplicas(newRS);
        if (current == replicas) {
            return false;
        }
        if (current > replicas) {
            return r.scale(newRS, replicas);
        }
        return r.scale(newRS, newReplicaSetReplicas(r.d, r.all(), newRS));
    }

    /**
     * Scales old ReplicaSets down as far as availability allows: first their unavailable pods (removing them costs
     * nothing), then available ones down to replicas - maxUnavailable.
     */
    private static boolean scaleDownOldForRolling(Rollout r, ReplicaSet newRS) {
        List<ReplicaSet> olds = r.olds(newRS);
        if (Deployments.sumSpec(olds) == 0) {
            return false;
        }
        int allPods = Deployments.sumSpec(r.all());
        int minAvailable = Deployments.replicas(r.d) - Fenceposts.maxUnavailable(r.d);
        int newUnavailable = Deployments.specReplicas(newRS) - Deployments.availableReplicas(newRS);
        int maxScaledDown = allPods - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) {
            return false;
        }
        int cleaned = 0;
        for (ReplicaSet rs : byCreation(olds)) {
            if (cleaned >= maxScaledDown) {
                break;
            }
            int spec = Deployments.specReplicas(rs);
            int unhealthy = spec - Deployments.availableReplicas(rs);
            if (spec == 0 || unhealthy <= 0) {
                continue;
            }
            int down = Math.min(maxScaledDown - cleaned, unhealthy);
            r.scale(rs, spec - down);
            cleaned += down;
        }
        int available = Deployments.sumAvailable(r.all());
        int scaledDown = 0;
        if (available > minAvailable) {
            int total = available - minAvailable;
            for (ReplicaSet rs : byCreation(r.olds(newRS))) {
                if (scaledDown >= total) {
                    break;
                }
                int spec = Deployments.specReplicas(rs);
                if (spec == 0) {
                    continue;
                }
                int down = Math.min(spec, total - scaledDown);
                r.scale(rs, spec - down);
                scaledDown += down;
            }
        }
        return cleaned + scaledDown > 0;
    }

    private static List<ReplicaSet> byCreation(List<ReplicaSet> rss) {
        List<ReplicaSet> sorted = new ArrayList<>(rss);
        sorted.sort(Comparator.comparing((ReplicaSet rs) -> Objects.toString(rs.getMetadata().getCreationTimestamp(), ""))
                .thenComparing(rs -> rs.getMetadata().getName()));
        return sorted;
    }

    // ---- Recreate ----

    static Result recreate(Rollout r) {
        ReplicaSet newRS = r.syncNewReplicaSet(false);
        boolean scaledDown = false;
        for (ReplicaSet rs : r.olds(newRS)) {
            if (Deployments.specReplicas(rs) > 0) {
                scaledDown |= r.scale(rs, 0);
            }
        }
        if (scaledDown) {
            return r.syncRolloutStatus(current(r, newRS));
        }
        if (oldPodsRunning(r, newRS)) {
            return r.syncRolloutStatus(current(r, newRS)); // pod deletions will bring us back
        }
        if (newRS == null) {
            newRS = r.syncNewReplicaSet(true);
        }
        newRS = current(r, newRS);
        r.scale(newRS, Deployments.replicas(r.d));
        newRS = current(r, newRS);
        if (Progress.complete(r.d, Progress.calculate(r.d, r.all(), newRS, r.now))) {
            r.cleanup(r.olds(newRS));
        }
        return r.syncRolloutStatus(newRS);
    }

    private static boolean oldPodsRunning(Rollout r, ReplicaSet newRS) {
        for (ReplicaSet rs : r.olds(newRS)) {
            if (Deployments.statusReplicas(rs) > 0) {
                return true;
            }
            for (Pod p : r.podsByRs.getOrDefault(rs.getMetadata().getUid(), List.of())) {
                String phase = Pods.phase(p);
                if (!"Failed".equals(phase) && !"Succeeded".equals(phase)) {
                    return true; // includes terminating pods: Recreate promises no overlap
                }
            }
        }
        return false;
    }

    // ---- scaling (replicas changed, or paused) ----

    /** True when an active ReplicaSet was sized for a different spec.replicas than the Deployment's now. */
    static boolean isScalingEvent(Rollout r) {
        ReplicaSet newRS = r.syncNewReplicaSet(false);
        for (ReplicaSet rs : r.all()) {
            if (Deployments.specReplicas(rs) == 0 && (newRS == null || !rs.getMetadata().getUid().equals(newRS.getMetadata().getUid()))) {
                continue;
            }
            int desired = Annotations.desiredReplicas(rs);
            if (desired >= 0 && desired != Deployments.replicas(r.d)) {
                return true;
            }
        }
        return false;
    }

    /** A scale-only sync: resize ReplicaSets (proportionally mid-rollout), clean history when paused, status. */
    static Result sync(Rollout r) {
        ReplicaSet newRS = r.syncNewReplicaSet(false);
        scale(r, newRS);
        newRS = current(r, newRS);
        if (Deployments.isPaused(r.d)) {
            r.cleanup(r.olds(newRS));
        }
        return r.syncStatusOnly(newRS);
    }

    static void scale(Rollout r, ReplicaSet newRS) {
        Deployment d = r.d;
        int replicas = Deployments.replicas(d);
        List<ReplicaSet> active = r.all().stream().filter(rs -> Deployments.specReplicas(rs) > 0).toList();
        ReplicaSet only = active.size() == 1 ? active.get(0)
                : active.isEmpty() ? (newRS != null ? newRS : latest(r.all())) : null;
        if (only != null || active.isEmpty()) {
            if (only != null && Deployments.specReplicas(only) != replicas) {
                r.scale(only, replicas);
            }
            return;
        }
        if (newRS != null && saturated(d, newRS)) {
            for (ReplicaSet rs : r.olds(newRS)) {
                if (Deployments.specReplicas(rs) > 0) {
                    r.scale(rs, 0);
                }
            }
            return;
        }
        if (!Deployments.isRollingUpdate(d)) {
            return;
        }
        int allowed = replicas > 0 ? replicas + Fenceposts.maxSurge(d) : 0;
        int toAdd = allowed - Deployments.sumSpec(active);
        List<ReplicaSet> order = new ArrayList<>(active);
        Comparator<ReplicaSet> bySize = Comparator.comparingInt(Deployments::specReplicas);
        Comparator<ReplicaSet> byAge = Comparator.comparing((ReplicaSet rs) -> Objects.toString(rs.getMetadata().getCreationTimestamp(), ""));
        // growing: largest (then newest) first; shrinking: largest (then oldest) first
        order.sort(toAdd > 0 ? bySize.reversed().thenComparing(byAge.reversed()) : bySize.reversed().thenComparing(byAge));
        Map<String, Integer> sizes = new LinkedHashMap<>();
        int added = 0;
        for (ReplicaSet rs : order) {
            int proportion = 0;
            if (toAdd != 0) {
                proportion = proportion(rs, d, toAdd, added);
                added += proportion;
            }
            sizes.put(rs.getMetadata().getUid(), Deployments.specReplicas(rs) + proportion);
        }
        if (!order.isEmpty() && toAdd != added) { // rounding leftovers go to the largest ReplicaSet
            String first = order.get(0).getMetadata().getUid();
            sizes.put(first, Math.max(0, sizes.get(first) + toAdd - added));
        }
        for (ReplicaSet rs : order) {
            r.scale(current(r, rs), sizes.get(rs.getMetadata().getUid()));
        }
    }

    /** The share of {@code toAdd} for one ReplicaSet, by its size relative to the size the Deployment had. */
    private static int proportion(ReplicaSet rs, Deployment d, int toAdd, int added) {
        int replicas = Deployments.replicas(d);
        int fraction;
        if (replicas == 0) {
            fraction = -Deployments.specReplicas(rs);
        } else {
            int deploymentMax = replicas + Fenceposts.maxSurge(d);
            int annotated = Annotations.maxReplicas(rs);
            if (annotated <= 0) {
                annotated = Progress.n(Progress.status(d).getReplicas());
            }
            if (annotated <= 0) {
                return 0;
            }
            double newSize = (double) Deployments.specReplicas(rs) * deploymentMax / annotated;
            fraction = (int) Math.round(newSize) - Deployments.specReplicas(rs);
        }
        int allowed = toAdd - added;
        return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }

    private static boolean saturated(Deployment d, ReplicaSet newRS) {
        int replicas = Deployments.replicas(d);
        return Deployments.specReplicas(newRS) == replicas && Annotations.desiredReplicas(newRS) == replicas
                && Deployments.availableReplicas(newRS) == replicas;
    }

    private static ReplicaSet latest(List<ReplicaSet> rss) {
        return rss.stream().max(Comparator.comparing((ReplicaSet rs) -> Objects.toString(rs.getMetadata().getCreationTimestamp(), ""))
                .thenComparingLong(Annotations::revision)).orElse(null);
    }
}
