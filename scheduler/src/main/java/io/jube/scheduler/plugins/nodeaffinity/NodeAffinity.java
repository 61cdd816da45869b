package io.jube.scheduler.plugins.nodeaffinity;

import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.jube.api.scheduling.NodeSelectors;
import io.jube.scheduler.framework.CycleState;
import io.jube.scheduler.framework.NodeInfo;
import io.jube.scheduler.framework.Plugin;
import io.jube.scheduler.framework.PodInfo;
import io.jube.scheduler.framework.Scores;
import io.jube.scheduler.framework.Snapshot;
import io.jube.scheduler.framework.Status;
import java.util.List;

/** spec.nodeSelector and required/preferred node affinity (filter, and score by matched preference weight). */
public final class NodeAffinity implements Plugin.PreFilter, Plugin.Filter, Plugin.PreScore, Plugin.Score {
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

    /** As Kubernetes: without a nodeSelector or required node affinity every node passes, so Filter is skipped. */
    @Override
    public Status preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        return restrictsNodes(pod.pod()) ? Status.SUCCESS : Status.SKIP;
    }

    /** Whether the pod has a nodeSelector or required node affinity (else {@link #requiredMatches} is always true). */
    public static boolean restrictsNodes(Pod pod) {
        var spec = pod.getSpec();
        var a = spec.getAffinity();
        boolean required = a != null && a.getNodeAffinity() != null
                && a.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() != null;
        return required || spec.getNodeSelector() != null && !spec.getNodeSelector().isEmpty();
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        return requiredMatches(pod.pod(), node) ? Status.SUCCESS : Status.unresolvable(REASON);
    }

    private static List<PreferredSchedulingTerm> preferred(PodInfo pod) {
        var a = pod.pod().getSpec().getAffinity();
        return a == null || a.getNodeAffinity() == null ? null
                : a.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
    }

    /** Without preferred terms every node scores 0: skip Score (as Kubernetes does). */
    @Override
    public Status preScore(CycleState state, PodInfo pod, Snapshot snapshot, List<NodeInfo> feasible) {
        List<PreferredSchedulingTerm> prefs = preferred(pod);
        return prefs == null || prefs.isEmpty() ? Status.SKIP : Status.SUCCESS;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        List<PreferredSchedulingTerm> prefs = preferred(pod);
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
