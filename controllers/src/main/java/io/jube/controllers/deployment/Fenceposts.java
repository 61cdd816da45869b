package io.jube.controllers.deployment;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * maxSurge and maxUnavailable as numbers of pods: percentages of {@code spec.replicas}, surge rounded up and
 * unavailable rounded down; both zero would block a rollout, so unavailable becomes 1 then.
 */
public record Fenceposts(int maxSurge, int maxUnavailable) {
    public static final String DEFAULT = "25%";

    public static Fenceposts of(Deployment d) {
        if (!Deployments.isRollingUpdate(d)) {
            return new Fenceposts(0, 0);
        }
        var ru = d.getSpec().getStrategy().getRollingUpdate();
        int replicas = Deployments.replicas(d);
        IntOrString surgeSpec = ru == null || ru.getMaxSurge() == null ? new IntOrString(DEFAULT) : ru.getMaxSurge();
        IntOrString unavailSpec = ru == null || ru.getMaxUnavailable() == null ? new IntOrString(DEFAULT) : ru.getMaxUnavailable();
        int surge = scaled(surgeSpec, replicas, true);
        int unavailable = scaled(unavailSpec, replicas, false);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new Fenceposts(surge, unavailable);
    }

    /** maxUnavailable capped at replicas; 0 for Recreate or zero replicas (Kubernetes' MaxUnavailable). */
    public static int maxUnavailable(Deployment d) {
        int replicas = Deployments.replicas(d);
        if (!Deployments.isRollingUpdate(d) || replicas == 0) {
            return 0;
        }
        return Math.min(of(d).maxUnavailable, replicas);
    }

    public static int maxSurge(Deployment d) {
        return Deployments.isRollingUpdate(d) ? of(d).maxSurge : 0;
    }

    static int scaled(IntOrString v, int total, boolean roundUp) {
        if (v.getIntVal() != null) {
            return v.getIntVal();
        }
        String s = v.getStrVal() == null ? "" : v.getStrVal().trim();
        if (!s.endsWith("%")) {
            throw new IllegalArgumentException("invalid value for IntOrString: invalid value \"" + s + "\": must be an integer or percentage (e.g '5%')");
        }
        int percent;
        try {
            percent = Integer.parseInt(s.substring(0, s.length() - 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value \"" + s + "\": must be an integer or percentage (e.g '5%')");
        }
        long scaledTimes100 = (long) percent * total;
        return (int) (roundUp ? (scaledTimes100 + 99) / 100 : scaledTimes100 / 100);
    }
}
