package io.jube.scheduler.plugins.interpodaffinity;

import io.jube.scheduler.framework.AffinityTerm;
import io.jube.scheduler.framework.ClusterLister;
import io.jube.scheduler.framework.CycleState;
import io.jube.scheduler.framework.NodeInfo;
import io.jube.scheduler.framework.Plugin;
import io.jube.scheduler.framework.PodInfo;
import io.jube.scheduler.framework.Snapshot;
import io.jube.scheduler.framework.Status;
import io.jube.scheduler.framework.TopologyCounts;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * Required and preferred pod affinity and anti-affinity, including the symmetry Kubernetes applies: existing
 * pods' required anti-affinity keeps the incoming pod out, and their (preferred) affinity attracts it.
 */
public final class InterPodAffinity implements Plugin.PreFilter, Plugin.Filter, Plugin.PreScore, Plugin.Score {
    public static final String NAME = "InterPodAffinity";
    public static final String ERR_AFFINITY = "node(s) didn't match pod affinity rules";
    public static final String ERR_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
    public static final String ERR_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
    /** Weight of existing pods' required affinity terms in scoring (hardPodAffinityWeight, default 1). */
    private static final int HARD_POD_AFFINITY_WEIGHT = 1;
    private static final String FILTER_KEY = "PreFilter" + NAME;
    private static final String SCORE_KEY = "PreScore" + NAME;

    private final ClusterLister lister;

    public InterPodAffinity(ClusterLister lister) {
        this.lister = lister;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Counts per topology domain, updated in place by preemption's dry runs (hence Copyable). */
    static final class FilterState implements CycleState.Copyable {
        TopologyCounts existingAntiAffinity = new TopologyCounts();
        TopologyCounts affinity = new TopologyCounts();
        TopologyCounts antiAffinity = new TopologyCounts();

        @Override
        public FilterState copy() {
            FilterState c = new FilterState();
            c.existingAntiAffinity = existingAntiAffinity.copy();
            c.affinity = affinity.copy();
            c.antiAffinity = antiAffinity.copy();
            return c;
        }

        void update(PodInfo pod, PodInfo existing, NodeInfo node, int delta, ClusterLister lister) {
            addExisting(pod, existing, node.labels(), delta, lister);
            addIncoming(pod, existing, node.labels(), delta, lister);
        }

        /** The existing pod's required anti-affinity terms that select the incoming pod. */
        void addExisting(PodInfo pod, PodInfo existing, Map<String, String> labels, int delta, ClusterLister lister) {
            for (AffinityTerm t : existing.requiredAntiAffinity()) {
                String v = labels.get(t.topologyKey());
                if (v != null && t.matches(pod, lister::namespaceLabels)) {
                    existingAntiAffinity.add(t.topologyKey(), v, delta);
                }
            }
        }

        /** The incoming pod's required affinity (all terms must select the existing pod) and anti-affinity terms. */
        void addIncoming(PodInfo pod, PodInfo existing, Map<String, String> labels, int delta, ClusterLister lister) {
            if (!pod.requiredAffinity().isEmpty() && matchesAll(pod.requiredAffinity(), existing, lister)) {
                for (AffinityTerm t : pod.requiredAffinity()) {
                    String v = labels.get(t.topologyKey());
                    if (v != null) {
                        affinity.add(t.topologyKey(), v, delta);
                    }
                }
            }
            for (AffinityTerm t : pod.requiredAntiAffinity()) {
                String v = labels.get(t.topologyKey());
                if (v != null && t.matches(existing, lister::namespaceLabels)) {
                    antiAffinity.add(t.topologyKey(), v, delta);
                }
            }
        }
    }

    private static boolean matchesAll(List<AffinityTerm> terms, PodInfo p, ClusterLister lister) {
        for (AffinityTerm t : terms) {
            if (!t.matches(p, lister::namespaceLabels)) {
                return false;
            }
        }
        return true;
    }

    /**
     * As Kubernetes' PreFilter: existing pods' anti-affinity from only the nodes that have such pods, the incoming
     * pod's own terms over the nodes that have pods; Filter then looks up O(terms) cells per node.
     */
    @Override
    public Status preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        boolean own = !pod.requiredAffinity().isEmpty() || !pod.requiredAntiAffinity().isEmpty();
        List<NodeInfo> withAnti = snapshot.havePodsWithRequiredAntiAffinity();
        if (!own && withAnti.isEmpty()) {
            return Status.SKIP;
        }
        FilterState s = new FilterState();
        for (NodeInfo n : withAnti) {
            for (PodInfo existing : n.podsWithRequiredAntiAffinity()) {
                s.addExisting(pod, existing, n.labels(), 1, lister);
            }
        }
        if (own) {
            for (NodeInfo n : mayRunPodsMatching(snapshot, pod)) {
                for (PodInfo existing : n.pods()) {
                    s.addIncoming(pod, existing, n.labels(), 1, lister);
                }
            }
        }
        state.write(FILTER_KEY, s);
        return Status.SUCCESS;
    }

    /**
     * The nodes that may run a pod the incoming pod's required terms select: any pod that counts matches one term (an
     * affinity pod matches them all), so the union of each term's candidates from the snapshot's label index; every
     * node with pods when a term cannot be narrowed (a namespace selector, or no exact-value requirement).
     */
    private static List<NodeInfo> mayRunPodsMatching(Snapshot snapshot, PodInfo pod) {
        BitSet union = new BitSet();
        for (List<AffinityTerm> terms : List.of(pod.requiredAffinity(), pod.requiredAntiAffinity())) {
            for (AffinityTerm t : terms) {
                BitSet b = t.namespaceSelector() != null ? null : snapshot.mayRunPodsMatching(t.namespaces(), t.selector());
                if (b == null) {
                    return snapshot.havePods();
                }
                union.or(b);
            }
        }
        return snapshot.nodesAt(union);
    }

    @Override
    public Plugin.Extensions extensions() {
        return Plugin.Extensions.<FilterState>counting(FILTER_KEY,
                (s, pod, other, node, delta) -> s.update(pod, other, node, delta, lister));
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        FilterState s = state.read(FILTER_KEY);
        if (s == null) {
            return Status.SUCCESS;
        }
        Map<String, String> labels = node.labels();
        // Kubernetes' order: the pod's affinity, its anti-affinity, then existing pods' anti-affinity
        if (!pod.requiredAffinity().isEmpty() && !satisfiesAffinity(s, pod, labels)) {
            return Status.unresolvable(ERR_AFFINITY);
        }
        for (AffinityTerm t : pod.requiredAntiAffinity()) {
            if (s.antiAffinity.get(t.topologyKey(), labels.get(t.topologyKey())) > 0) {
                return Status.unschedulable(ERR_ANTI_AFFINITY);
            }
        }
        if (s.existingAntiAffinity.anyPositiveAt(labels)) {
            return Status.unschedulable(ERR_EXISTING_ANTI_AFFINITY);
        }
        return Status.SUCCESS;
    }

    private boolean satisfiesAffinity(FilterState s, PodInfo pod, Map<String, String> labels) {
        boolean podsExist = true;
        for (AffinityTerm t : pod.requiredAffinity()) {
            String v = labels.get(t.topologyKey());
            if (v == null) {
                return false; // every topology key must be on the node
            }
            if (s.affinity.get(t.topologyKey(), v) <= 0) {
                podsExist = false;
            }
        }
        if (podsExist) {
            return true;
        }
        // The first pod of a group with affinity to itself may go anywhere, if no pod matches its terms yet.
        return !s.affinity.anyPositive() && matchesAll(pod.requiredAffinity(), pod, lister);
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, Snapshot snapshot, List<NodeInfo> feasible) {
        boolean own = !pod.preferredAffinity().isEmpty() || !pod.preferredAntiAffinity().isEmpty();
        List<NodeInfo> candidates = own ? snapshot.havePods() : snapshot.havePodsWithScoringTerms();
        if (candidates.isEmpty()) {
            return Status.SKIP;
        }
        TopologyCounts scores = new TopologyCounts();
        for (NodeInfo n : candidates) {
            Map<String, String> labels = n.labels();
            // without terms of its own, only existing pods' scoring terms count: the pods with affinity suffice
            for (PodInfo existing : own ? n.pods() : n.podsWithAffinity()) {
                add(scores, pod.preferredAffinity(), existing, labels, 1, false);
                add(scores, pod.preferredAntiAffinity(), existing, labels, -1, false);
                if (existing.hasScoringTerms()) {
                    add(scores, existing.requiredAffinity(), pod, labels, HARD_POD_AFFINITY_WEIGHT, true);
                    add(scores, existing.preferredAffinity(), pod, labels, 1, false);
                    add(scores, existing.preferredAntiAffinity(), pod, labels, -1, false);
                }
            }
        }
        scores.removeZeros();
        if (scores.isEmpty()) {
            return Status.SKIP;
        }
        state.write(SCORE_KEY, scores);
        return Status.SUCCESS;
    }

    private void add(TopologyCounts scores, List<AffinityTerm> terms, PodInfo target,
                     Map<String, String> labels, int sign, boolean fixedWeight) {
        for (AffinityTerm t : terms) {
            String v = labels.get(t.topologyKey());
            if (v != null && t.matches(target, lister::namespaceLabels)) {
                long w = fixedWeight ? sign : (long) sign * t.weight();
                scores.add(t.topologyKey(), v, w);
            }
        }
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        TopologyCounts scores = state.read(SCORE_KEY);
        return scores.sumAt(node.labels());
    }

    /** (score − min) × 100 / (max − min), all 0 when every node scores the same. */
    @Override
    public void normalize(CycleState state, PodInfo pod, long[] scores) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long s : scores) {
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        for (int i = 0; i < scores.length; i++) {
            scores[i] = max > min ? 100 * (scores[i] - min) / (max - min) : 0;
        }
    }
}
