package io.jube.scheduler.framework;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scheduling profile: the enabled plugins per extension point, in order, and the score weights. Runs the
 * extension points; the algorithm (which nodes, in what order, in parallel) lives in SchedulingAlgorithm.
 */
public final class Framework {
    private final List<Plugin.PreFilter> preFilters = new ArrayList<>();
    private final List<Plugin.Filter> filters = new ArrayList<>();
    private final List<Plugin.PostFilter> postFilters = new ArrayList<>();
    private final List<Plugin.PreScore> preScores = new ArrayList<>();
    private final List<Plugin.Score> scores = new ArrayList<>();
    private final Map<String, Integer> weights = new LinkedHashMap<>();
    private final List<Plugin.Reserve> reserves = new ArrayList<>();
    private final List<Plugin.PreBind> preBinds = new ArrayList<>();

    /** Registers a plugin at every extension point it implements; {@code weight} applies if it scores. */
    public Framework add(Plugin p, int weight) {
        if (p instanceof Plugin.PreFilter x) preFilters.add(x);
        if (p instanceof Plugin.Filter x) filters.add(x);
        if (p instanceof Plugin.PostFilter x) postFilters.add(x);
        if (p instanceof Plugin.PreScore x) preScores.add(x);
        if (p instanceof Plugin.Score x) {
            scores.add(x);
            weights.put(p.name(), weight);
        }
        if (p instanceof Plugin.Reserve x) reserves.add(x);
        if (p instanceof Plugin.PreBind x) preBinds.add(x);
        return this;
    }

    public Framework add(Plugin p) {
        return add(p, 1);
    }

    public boolean hasPostFilter() {
        return !postFilters.isEmpty();
    }

    /** Runs every PreFilter; the first rejection wins (its message becomes the FitError's PreFilter message). */
    public Status runPreFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        boolean[] skipped = new boolean[filters.size()];
        for (Plugin.PreFilter p : preFilters) {
            Status s = p.preFilter(state, pod, snapshot);
            if (s.isSkip()) {
                skip(skipped, filters, p);
            } else if (!s.isSuccess()) {
                return s.withPlugin(p.name());
            }
        }
        state.skippedFilters = skipped;
        return Status.SUCCESS;
    }

    /** Marks {@code p}'s position among {@code points} as skipped for this cycle. */
    private static void skip(boolean[] skipped, List<? extends Plugin> points, Plugin p) {
        for (int i = 0; i < points.size(); i++) {
            if (points.get(i).name().equals(p.name())) {
                skipped[i] = true;
            }
        }
    }

    /** Runs the Filters in order and stops at the first rejection (as Kubernetes does). */
    public Status runFilter(CycleState state, PodInfo pod, NodeInfo node) {
        boolean[] skipped = state.skippedFilters;
        for (int i = 0; i < filters.size(); i++) {
            if (skipped != null && skipped[i]) {
                continue;
            }
            Plugin.Filter f = filters.get(i);
            Status s = f.filter(state, pod, node);
            if (!s.isSuccess()) {
                return s.withPlugin(f.name());
            }
        }
        return Status.SUCCESS;
    }

    public void runAddPod(CycleState state, PodInfo pod, PodInfo added, NodeInfo node) {
        for (Plugin.PreFilter p : preFilters) {
            if (p.extensions() != null) p.extensions().addPod(state, pod, added, node);
        }
    }

    public void runRemovePod(CycleState state, PodInfo pod, PodInfo removed, NodeInfo node) {
        for (Plugin.PreFilter p : preFilters) {
            if (p.extensions() != null) p.extensions().removePod(state, pod, removed, node);
        }
    }

    public PostFilterResult runPostFilter(CycleState state, PodInfo pod, Snapshot snapshot, FitError failure) {
        PostFilterResult last = null;
        for (Plugin.PostFilter p : postFilters) {
            PostFilterResult r = p.postFilter(state, pod, snapshot, failure);
            if (r.nominated()) {
                return r;
            }
            last = r;
        }
        return last;
    }

    public void runPreScore(CycleState state, PodInfo pod, Snapshot snapshot, List<NodeInfo> feasible) {
        boolean[] skipped = new boolean[scores.size()];
        for (Plugin.PreScore p : preScores) {
            if (p.preScore(state, pod, snapshot, feasible).isSkip()) {
                skip(skipped, scores, p);
            }
        }
        state.skippedScores = skipped;
    }

    /** Weighted sum of the normalised scores of each feasible node (index-aligned with {@code feasible}). */
    public long[] runScore(CycleState state, PodInfo pod, List<NodeInfo> feasible) {
        boolean[] skipped = state.skippedScores;
        long[] total = new long[feasible.size()];
        for (int k = 0; k < scores.size(); k++) {
            if (skipped != null && skipped[k]) {
                continue;
            }
            Plugin.Score p = scores.get(k);
            long[] s = new long[feasible.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = p.score(state, pod, feasible.get(i));
            }
            p.normalize(state, pod, s);
            int w = weights.get(p.name());
            for (int i = 0; i < s.length; i++) {
                total[i] += s[i] * w;
            }
        }
        return total;
    }

    public boolean hasScorePlugins() {
        return !scores.isEmpty();
    }

    public Status runReserve(CycleState state, PodInfo pod, String node) {
        for (int i = 0; i < reserves.size(); i++) {
            Status s = reserves.get(i).reserve(state, pod, node);
            if (!s.isSuccess()) {
                runUnreserve(state, pod, node);
                return s.withPlugin(reserves.get(i).name());
            }
        }
        return Status.SUCCESS;
    }

    /** Unreserve runs in reverse order, as Kubernetes does. */
    public void runUnreserve(CycleState state, PodInfo pod, String node) {
        for (int i = reserves.size() - 1; i >= 0; i--) {
            reserves.get(i).unreserve(state, pod, node);
        }
    }

    public Status runPreBind(CycleState state, PodInfo pod, String node, ClusterWriter writer) {
        for (Plugin.PreBind p : preBinds) {
            Status s = p.preBind(state, pod, node, writer);
            if (!s.isSuccess()) {
                return s.withPlugin(p.name());
            }
        }
        return Status.SUCCESS;
    }
}
