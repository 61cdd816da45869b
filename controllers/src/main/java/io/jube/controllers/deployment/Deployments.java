package io.jube.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.Collection;
import java.util.Map;

/** Small readers of Deployment and ReplicaSet fields with the API's defaults. */
public final class Deployments {
    private Deployments() {
    }

    public static int replicas(Deployment d) {
        Integer r = d.getSpec().getReplicas();
        return r == null ? 1 : r;
    }

    public static boolean isRollingUpdate(Deployment d) {
        var s = d.getSpec().getStrategy();
        return s == null || s.getType() == null || "RollingUpdate".equals(s.getType());
    }

    public static boolean isPaused(Deployment d) {
        return Boolean.TRUE.equals(d.getSpec().getPaused());
    }

    public static int minReadySeconds(Deployment d) {
        Integer m = d.getSpec().getMinReadySeconds();
        return m == null ? 0 : m;
    }

    /** progressDeadlineSeconds, or null when unset or "forever" (MaxInt32). */
    public static Integer progressDeadline(Deployment d) {
        Integer p = d.getSpec().getProgressDeadlineSeconds();
        return p == null || p == Integer.MAX_VALUE ? null : p;
    }

    public static int specReplicas(ReplicaSet rs) {
        Integer r = rs.getSpec().getReplicas();
        return r == null ? 1 : r;
    }

    public static int statusReplicas(ReplicaSet rs) {
        return rs.getStatus() == null || rs.getStatus().getReplicas() == null ? 0 : rs.getStatus().getReplicas();
    }

    public static int readyReplicas(ReplicaSet rs) {
        return rs.getStatus() == null || rs.getStatus().getReadyReplicas() == null ? 0 : rs.getStatus().getReadyReplicas();
    }

    public static int availableReplicas(ReplicaSet rs) {
        return rs.getStatus() == null || rs.getStatus().getAvailableReplicas() == null ? 0
                : rs.getStatus().getAvailableReplicas();
    }

    public static int sumSpec(Collection<ReplicaSet> rss) {
        return rss.stream().mapToInt(Deployments::specReplicas).sum();
    }

    public static int sumStatus(Collection<ReplicaSet> rss) {
        return rss.stream().mapToInt(Deployments::statusReplicas).sum();
    }

    public static int sumAvailable(Collection<ReplicaSet> rss) {
        return rss.stream().mapToInt(Deployments::availableReplicas).sum();
    }

    public static int sumReady(Collection<ReplicaSet> rss) {
        return rss.stream().mapToInt(Deployments::readyReplicas).sum();
    }

    static Map<String, String> annotations(io.fabric8.kubernetes.api.model.HasMetadata o) {
        return o.getMetadata().getAnnotations() == null ? Map.of() : o.getMetadata().getAnnotations();
    }
}
