package io.jube.scheduler.plugins.tainttoleration;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.jube.api.scheduling.Tolerations;
import io.jube.scheduler.framework.CycleState;
import io.jube.scheduler.framework.NodeInfo;
import io.jube.scheduler.framework.Plugin;
import io.jube.scheduler.framework.PodInfo;
import io.jube.scheduler.framework.Scores;
import io.jube.scheduler.framework.Status;
import java.util.List;

/** NoSchedule/NoExecute taints must be tolerated; fewer untolerated PreferNoSchedule taints score higher. */
public final class TaintToleration implements Plugin.Filter, Plugin.Score {
    public static final String NAME = "TaintToleration";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        List<Toleration> tolerations = pod.tolerations();
        for (Taint t : node.taints()) {
            boolean hard = "NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect());
            if (hard && !Tolerations.tolerates(tolerations, t)) {
                return Status.unresolvable("node(s) had untolerated taint {" + t.getKey() + ": "
                        + (t.getValue() == null ? "" : t.getValue()) + "}");
            }
        }
        return Status.SUCCESS;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        List<Toleration> prefer = pod.tolerations().stream()
                .filter(t -> t.getEffect() == null || t.getEffect().isEmpty() || "PreferNoSchedule".equals(t.getEffect()))
                .toList();
        long n = 0;
        for (Taint t : node.taints()) {
            if ("PreferNoSchedule".equals(t.getEffect()) && !Tolerations.tolerates(prefer, t)) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void normalize(CycleState state, PodInfo pod, long[] scores) {
        Scores.normalizeToMax(scores, true);
    }
}
