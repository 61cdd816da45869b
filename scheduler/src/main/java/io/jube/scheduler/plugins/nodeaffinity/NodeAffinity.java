package io.jube.scheduler.plugins.nodeaffinity;

import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.jube.api.scheduling.NodeSelectors;
import io.jube.scheduler.framework.CycleState;
import io.jube.scheduler.framework.NodeInfo;
import io.jube.scheduler.framework.Plugin;
import io.jube.scheduler.framework.PodInfo;
import io.jube.scheduler.framework.Scores;
import io.jube.scheduler.framework.Status;
import java.util.List;

/** spec.nodeSelector and required/preferred node affinity (filter, and score by matched preference weight). */
public final class NodeAffinity implements Plugin.Filter, Plugin.Score {
    public static final String NAME = "NodeAffinity";
    public static final String REASON = "node(s) didn't match Pod's node affinity/selector";

    @Override
    public String name() {
        return NAME;
    }

    /** Whether the node satisfies the pod's nodeSelector and required node affinity (shared with other plugins). */
    public static boolean requiredMatches(Pod pod, NodeInfo node) {
        return NodeSelectors.podMatches(pod.getSpec(), node.name(), node.labels());
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        return requiredMatches(pod.pod(), node) ? Status.SUCCESS : Status.unresolvable(REASON);
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        var a = pod.pod().getSpec().getAffinity();
        List<PreferredSchedulingTerm> prefs = a == null || a.getNodeAffinity() == null ? null
                : a.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
        if (prefs == null) {
            return 0;
        }
        long sum = 0;
        for (PreferredSchedulingTerm t : prefs) {
            if (t.getWeight() != null && t.getWeight() != 0 && t.getPreference() != null
                    && NodeSelectors.matches(t.getPreference(), node.name(), node.labels())) {
                sum += t.getWeight();
            }
        }
        return sum;
    }

    @Override
    public void normalize(CycleState state, PodInfo pod, long[] scores) {
        Scores.normalizeToMax(scores, false);
    }
}
