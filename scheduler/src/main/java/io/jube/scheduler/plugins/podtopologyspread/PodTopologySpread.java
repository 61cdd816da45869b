package io.jube.scheduler.plugins.podtopologyspread;

import io.jube.scheduler.framework.CycleState;
import io.jube.scheduler.framework.NodeInfo;
import io.jube.scheduler.framework.Plugin;
import io.jube.scheduler.framework.PodInfo;
import io.jube.scheduler.framework.Snapshot;
import io.jube.scheduler.framework.Status;
import io.jube.scheduler.framework.TopologyCounts;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * topologySpreadConstraints: DoNotSchedule constraints filter (skew = matching pods in the node's domain + self
 * − the global minimum must stay ≤ maxSkew, with minDomains), ScheduleAnyway constraints score.
 */
public final class PodTopologySpread implements Plugin.PreFilter, Plugin.Filter, Plugin.PreScore, Plugin.Score {
    public static final String NAME = "PodTopologySpread";
    public static final String ERR_MISMATCH = "node(s) didn't match pod topology spread constraints";
    public static final String ERR_MISSING_LABEL = "node(s) didn't match pod topology spread constraints (missing required label)";
    private static final String FILTER_KEY = "PreFilter" + NAME;
    private static final String SCORE_KEY = "PreScore" + NAME;

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Matching-pod counts per topology domain of the hard constraints (a pod's constraints have distinct keys), and
     * each constraint's global minimum, computed once per cycle so Filter is O(constraints) per node.
     */
    static final class FilterState implements CycleState.Copyable {
        final List<Constraint> constraints;
        final boolean[] selfMatches;
        TopologyCounts counts = new TopologyCounts();
        /** Per constraint, its number of domains (counts may hold only those with matching pods). */
        int[] domains;
        long[] minMatch;

        FilterState(List<Constraint> constraints, PodInfo pod) {
            this.constraints = constraints;
            this.selfMatches = new boolean[constraints.size()];
            for (int i = 0; i < constraints.size(); i++) {
                selfMatches[i] = constraints.get(i).selector().matches(pod.labels());
            }
        }

        @Override
        public FilterState copy() {
            FilterState c = new FilterState(constraints, selfMatches);
            c.counts = counts.copy();
            c.domains = domains;
            c.minMatch = minMatch.clone();
            return c;
        }

        private FilterState(List<Constraint> constraints, boolean[] selfMatches) {
            this.constraints = constraints;
            this.selfMatches = selfMatches;
        }

        void update(PodInfo pod, PodInfo existing, NodeInfo node, int delta) {
            if (!hasAllKeys(constraints, node)) {
                return;
            }
            for (Constraint c : constraints) {
                if (c.includes(pod, node) && c.counts(pod, existing)) {
                    counts.add(c.topologyKey(), node.labels().get(c.topologyKey()), delta);
                }
            }
            computeMinima();
        }

        /**
         * The smallest count over each constraint's domains: 0 when there are fewer domains than minDomains or some
         * domain has no entry (no matching pods).
         */
        void computeMinima() {
            minMatch = new long[constraints.size()];
            for (int i = 0; i < minMatch.length; i++) {
                Constraint c = constraints.get(i);
                int registered = counts.domains(c.topologyKey());
                int total = Math.max(domains[i], registered);
                minMatch[i] = total == 0 || total < c.minDomains() || registered < total ? 0 : counts.min(c.topologyKey());
            }
        }
    }

    private static boolean hasAllKeys(List<Constraint> cs, NodeInfo node) {
        for (Constraint c : cs) {
            if (!node.labels().containsKey(c.topologyKey())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Matching pods per domain. With one constraint that includes every node, only nodes with pods are visited
     * (domains without them count 0 and their number comes from the snapshot); otherwise, as Kubernetes does,
     * every eligible node registers its domain, also with no matching pods.
     */
    private static TopologyCounts count(List<Constraint> cs, PodInfo pod, Snapshot snapshot) {
        TopologyCounts counts = new TopologyCounts();
        if (cs.size() == 1 && cs.get(0).includesEveryNode(pod)) {
            Constraint c = cs.get(0);
            BitSet candidates = snapshot.mayRunPodsMatching(Set.of(pod.namespace()), c.selector());
            for (NodeInfo n : candidates == null ? snapshot.havePods() : snapshot.nodesAt(candidates)) {
                int matching = c.countMatching(pod, n);
                String v = matching > 0 ? n.labels().get(c.topologyKey()) : null;
                if (v != null) {
                    counts.add(c.topologyKey(), v, matching);
                }
            }
            return counts;
        }
        for (NodeInfo n : snapshot.nodes()) {
            if (!hasAllKeys(cs, n)) {
                continue;
            }
            for (Constraint c : cs) {
                if (c.includes(pod, n)) {
                    counts.add(c.topologyKey(), n.labels().get(c.topologyKey()), c.countMatching(pod, n));
                }
            }
        }
        return counts;
    }

    /** How many domains each constraint has: all of them are registered in the counts unless counting was sparse. */
    private static int[] domains(List<Constraint> cs, PodInfo pod, Snapshot snapshot, TopologyCounts counts) {
        boolean sparse = cs.size() == 1 && cs.get(0).includesEveryNode(pod);
        int[] out = new int[cs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = sparse ? snapshot.domainCount(cs.get(i).topologyKey()) : counts.domains(cs.get(i).topologyKey());
        }
        return out;
    }

    @Override
    public Status preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        List<Constraint> cs = Constraint.of(pod, true);
        if (cs.isEmpty()) {
            return Status.SKIP;
        }
        FilterState s = new FilterState(cs, pod);
        s.counts = count(cs, pod, snapshot);
        s.domains = domains(cs, pod, snapshot, s.counts);
        s.computeMinima();
        state.write(FILTER_KEY, s);
        return Status.SUCCESS;
    }

    @Override
    public Plugin.Extensions extensions() {
        return Plugin.Extensions.<FilterState>counting(FILTER_KEY,
                (s, pod, other, node, delta) -> s.update(pod, other, node, delta));
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        FilterState s = state.read(FILTER_KEY);
        if (s == null) {
            return Status.SUCCESS;
        }
        for (int i = 0; i < s.constraints.size(); i++) {
            Constraint c = s.constraints.get(i);
            String v = node.labels().get(c.topologyKey());
            if (v == null) {
                return Status.unresolvable(ERR_MISSING_LABEL);
            }
            long matching = s.counts.get(c.topologyKey(), v);
            if (matching + (s.selfMatches[i] ? 1 : 0) - s.minMatch[i] > c.maxSkew()) {
                return Status.unschedulable(ERR_MISMATCH);
            }
        }
        return Status.SUCCESS;
    }

    /** Soft constraints with their counts and per-constraint weights log(domains + 2). */
    private record ScoreState(List<Constraint> constraints, TopologyCounts counts, double[] weights) {
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, Snapshot snapshot, List<NodeInfo> feasible) {
        List<Constraint> cs = Constraint.of(pod, false);
        if (cs.isEmpty()) {
            return Status.SKIP;
        }
        TopologyCounts counts = count(cs, pod, snapshot);
        double[] weights = new double[cs.size()];
        for (int i = 0; i < cs.size(); i++) {
            Set<String> domains = new HashSet<>();
            for (NodeInfo n : feasible) {
                String v = n.labels().get(cs.get(i).topologyKey());
                if (v != null) {
                    domains.add(v);
                }
            }
            weights[i] = Math.log(domains.size() + 2);
        }
        state.write(SCORE_KEY, new ScoreState(cs, counts, weights));
        return Status.SUCCESS;
    }

    /** Lower is better (fewer matching pods in the node's domains); nodes missing a key are marked with −1. */
    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        ScoreState s = state.read(SCORE_KEY);
        if (!hasAllKeys(s.constraints(), node)) {
            return -1;
        }
        double score = 0;
        for (int i = 0; i < s.constraints().size(); i++) {
            Constraint c = s.constraints().get(i);
            long n = s.counts().get(c.topologyKey(), node.labels().get(c.topologyKey()));
            score += n * s.weights()[i] + (c.maxSkew() - 1);
        }
        return Math.round(score);
    }

    @Override
    public void normalize(CycleState state, PodInfo pod, long[] scores) {
        long min = Long.MAX_VALUE;
        long max = 0;
        for (long s : scores) {
            if (s >= 0) {
                min = Math.min(min, s);
                max = Math.max(max, s);
            }
        }
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] < 0) {
                scores[i] = 0;
            } else {
                scores[i] = max == 0 ? 100 : 100 * (max + min - scores[i]) / max;
            }
        }
    }
}
