package io.jube.scheduler.framework;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One scheduling profile: the enabled plugins per extension point, in order, and the score weights. Runs the
 * extension points; the algorithm (which nodes, in what order, in parallel) lives in SchedulingAlgorithm.
 */
public final class Framework {
    private static final String SKIPPED_FILTERS = "framework/skippedFilters";
    private static final String SKIPPED_SCORES = "framework/skippedScores";

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
        Set<String> skipped = new HashSet<>();
        for (Plugin.PreFilter p : preFilters) {
            Status s = p.preFilter(state, pod, snapshot);
            if (s.isSkip()) {
                skipped.add(p.name());
            } else if (!s.isSuccess()) {
                return s.withPlugin(p.name());
            }
        }
        state.write(SKIPPED_FILTERS, skipped);
        return Status.SUCCESS;
    }

    /** Runs the Filters in order and stops at the first rejection (as Kubernetes does). */
    public Status runFilter(CycleState state, PodInfo pod, NodeInfo node) {
        Set<String> skipped = state.read(SKIPPED_FILTERS);
        for (Plugin.Filter f : filters) {
            if (skipped != null && skipped.contains(f.name())) {
                continue;
            }
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
        Set<String> skipped = new HashSet<>();
        for (Plugin.PreScore p : preScores) {
            if (p.preScore(state, pod, snapshot, feasible).isSkip()) {
                skipped.add(p.name());
            }
        }
        state.write(SKIPPED_SCORES, skipped);
    }

    /** Weighted sum of the normalised scores of each feasible node (index-aligned with {@code feasible}). */
    public long[] runScore(CycleState state, PodInfo pod, List<NodeInfo> feasible) {
        Set<String> skipped = state.read(SKIPPED_SCORES);
        long[] total = new long[feasible.size()];
        for (Plugin.Score p : scores) {
            if (skipped != null && skipped.contains(p.name())) {
                continue;
            }
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
