package io.jube.scheduler.plugins.tainttoleration;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.jube.api.scheduling.Tolerations;
import io.jube.scheduler.framework.CycleState;
import io.jube.scheduler.framework.NodeInfo;
import io.jube.scheduler.framework.Plugin;
import io.jube.scheduler.framework.PodInfo;
import io.jube.scheduler.framework.Scores;
import io.jube.scheduler.framework.Snapshot;
import io.jube.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.List;

/** NoSchedule/NoExecute taints must be tolerated; fewer untolerated PreferNoSchedule taints score higher. */
public final class TaintToleration implements Plugin.Filter, Plugin.PreScore, Plugin.Score {
    public static final String NAME = "TaintToleration";
    private static final String SCORE_KEY = "PreScore" + NAME;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        if (!node.hasHardTaints()) {
            return Status.SUCCESS;
        }
        List<Toleration> tolerations = pod.tolerations();
        for (Taint t : node.hardTaints()) {
            if (!Tolerations.tolerates(tolerations, t)) {
                return Status.unresolvable("node(s) had untolerated taint {" + t.getKey() + ": "
                        + (t.getValue() == null ? "" : t.getValue()) + "}");
            }
        }
        return Status.SUCCESS;
    }

    /** The pod's tolerations that can tolerate PreferNoSchedule taints (that effect, or any effect), once per pod. */
    @Override
    public Status preScore(CycleState state, PodInfo pod, Snapshot snapshot, List<NodeInfo> feasible) {
        List<Toleration> prefer = new ArrayList<>();
        for (Toleration t : pod.tolerations()) {
            if (t.getEffect() == null || t.getEffect().isEmpty() || "PreferNoSchedule".equals(t.getEffect())) {
                prefer.add(t);
            }
        }
        state.write(SCORE_KEY, prefer);
        return Status.SUCCESS;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        if (!node.hasPreferNoScheduleTaints()) {
            return 0;
        }
        List<Toleration> prefer = state.read(SCORE_KEY);
        long n = 0;
        for (Taint t : node.preferNoScheduleTaints()) {
            if (!Tolerations.tolerates(prefer, t)) {
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
