package io.jube.scheduler.plugins.defaultpreemption;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.jube.api.Json;
import io.jube.api.selector.LabelSelector;
import io.jube.scheduler.framework.ClusterLister;
import io.jube.scheduler.framework.Code;
import io.jube.scheduler.framework.CycleState;
import io.jube.scheduler.framework.FitError;
import io.jube.scheduler.framework.Framework;
import io.jube.scheduler.framework.NodeInfo;
import io.jube.scheduler.framework.Plugin;
import io.jube.scheduler.framework.PodInfo;
import io.jube.scheduler.framework.PostFilterResult;
import io.jube.scheduler.framework.Snapshot;
import io.jube.scheduler.framework.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Priority-based preemption: on nodes where the pod failed for resolvable reasons, remove every lower-priority
 * pod, check the pod fits, then give back as many victims as possible (most important first, PDB-protected
 * ones before others); pick the node Kubernetes would (fewest PDB violations, lowest highest-victim priority,
 * lowest priority sum, fewest victims, latest start of the highest-priority victims).
 */
public final class DefaultPreemption implements Plugin.PostFilter {
    public static final String NAME = "DefaultPreemption";
    public static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";
    public static final String NO_VICTIMS = "No preemption victims found for incoming pod";

    private final Framework framework;
    private final ClusterLister lister;

    public DefaultPreemption(Framework framework, ClusterLister lister) {
        this.framework = framework;
        this.lister = lister;
    }

    @Override
    public String name() {
        return NAME;
    }

    record Candidate(NodeInfo node, List<PodInfo> victims, int pdbViolations) {
    }

    @Override
    public PostFilterResult postFilter(CycleState state, PodInfo pod, Snapshot snapshot, FitError failure) {
        String ineligible = ineligibleReason(pod, snapshot);
        if (ineligible != null) {
            return PostFilterResult.failed("preemption: " + ineligible);
        }
        Map<String, Status> statuses = new HashMap<>();
        List<Candidate> candidates = new ArrayList<>();
        List<PodDisruptionBudget> pdbs = lister.pdbs(null);
        for (NodeInfo n : snapshot.nodes()) {
            Status s = failure.status(n.name());
            if (s.code() != Code.UNSCHEDULABLE) {
                statuses.put(n.name(), Status.unresolvable(NOT_HELPFUL));
                continue;
            }
            Object r = selectVictims(state, pod, n, pdbs);
            if (r instanceof Candidate c) {
                candidates.add(c);
            } else {
                statuses.put(n.name(), (Status) r);
            }
        }
        if (candidates.isEmpty()) {
            return PostFilterResult.failed("preemption: " + new FitError(snapshot.nodes().size(), statuses, null).message());
        }
        Candidate best = candidates.stream().min(ORDER).orElseThrow();
        return new PostFilterResult(best.node().name(), best.victims(), null);
    }

    /** Preemption policy Never, or a previous preemption for this pod still in progress on its nominated node. */
    private static String ineligibleReason(PodInfo pod, Snapshot snapshot) {
        if ("Never".equals(pod.pod().getSpec().getPreemptionPolicy())) {
            return "not eligible due to preemptionPolicy=Never.";
        }
        String nominated = pod.pod().getStatus() == null ? null : pod.pod().getStatus().getNominatedNodeName();
        NodeInfo n = nominated == null || nominated.isEmpty() ? null : snapshot.get(nominated);
        if (n != null) {
            for (PodInfo p : n.pods()) {
                if (p.terminating() && p.priority() < pod.priority()) {
                    return "not eligible due to a terminating pod on the nominated node.";
                }
            }
        }
        return null;
    }

    /** A Candidate, or the Status explaining why evicting lower-priority pods on this node does not help. */
    private Object selectVictims(CycleState state, PodInfo pod, NodeInfo node, List<PodDisruptionBudget> pdbs) {
        CycleState s = state.copy();
        NodeInfo n = node;
        List<PodInfo> potential = new ArrayList<>();
        for (PodInfo p : node.pods()) {
            if (p.priority() < pod.priority()) {
                potential.add(p);
                n = n.withoutPod(p.key());
                framework.runRemovePod(s, pod, p, n);
            }
        }
        if (potential.isEmpty()) {
            return Status.unresolvable(NO_VICTIMS);
        }
        Status fits = framework.runFilter(s, pod, n);
        if (!fits.isSuccess()) {
            return fits;
        }
        potential.sort(MORE_IMPORTANT_FIRST);
        Map<PodDisruptionBudget, Integer> allowed = new HashMap<>();
        pdbs.forEach(b -> allowed.put(b, b.getStatus() == null || b.getStatus().getDisruptionsAllowed() == null
                ? 0 : b.getStatus().getDisruptionsAllowed()));
        List<PodInfo> violating = new ArrayList<>();
        List<PodInfo> nonViolating = new ArrayList<>();
        for (PodInfo p : potential) {
            (violatesBudget(p, allowed) ? violating : nonViolating).add(p);
        }
        List<PodInfo> victims = new ArrayList<>();
        int violations = 0;
        for (List<PodInfo> group : List.of(violating, nonViolating)) {
            for (PodInfo p : group) {
                NodeInfo with = n.withPod(p);
                framework.runAddPod(s, pod, p, with);
                if (framework.runFilter(s, pod, with).isSuccess()) {
                    n = with; // reprieved: the pod fits even with this one staying
                } else {
                    framework.runRemovePod(s, pod, p, n);
                    victims.add(p);
                    violations += group == violating ? 1 : 0;
                }
            }
        }
        return new Candidate(node, victims, violations);
    }

    /** Whether evicting {@code p} would exceed a matching budget's disruptionsAllowed (consumed as we go). */
    private static boolean violatesBudget(PodInfo p, Map<PodDisruptionBudget, Integer> allowed) {
        boolean violates = false;
        for (var e : allowed.entrySet()) {
            PodDisruptionBudget b = e.getKey();
            if (!p.namespace().equals(b.getMetadata().getNamespace()) || b.getSpec() == null
                    || b.getSpec().getSelector() == null) {
                continue;
            }
            LabelSelector sel = LabelSelector.fromJson(Json.MAPPER.valueToTree(b.getSpec().getSelector()));
            if (sel.isEverything() || !sel.matches(p.labels())) {
                continue;
            }
            e.setValue(e.getValue() - 1);
            if (e.getValue() < 0) {
                violates = true;
            }
        }
        return violates;
    }

    private static final Comparator<PodInfo> MORE_IMPORTANT_FIRST = Comparator
            .comparingInt(PodInfo::priority).reversed()
            .thenComparing(PodInfo::startTime);

    private static int highest(Candidate c) {
        return c.victims().stream().mapToInt(PodInfo::priority).max().orElse(Integer.MIN_VALUE);
    }

    private static long sum(Candidate c) {
        // shift by MaxInt32+1 as Kubernetes does, so negative priorities still add up sensibly
        return c.victims().stream().mapToLong(p -> (long) p.priority() + Integer.MAX_VALUE + 1).sum();
    }

    /** Earliest start among the highest-priority victims; later is better (less work lost). */
    private static Instant earliestStartOfHighest(Candidate c) {
        int h = highest(c);
        return c.victims().stream().filter(p -> p.priority() == h).map(PodInfo::startTime)
                .min(Comparator.naturalOrder()).orElse(Instant.EPOCH);
    }

    static final Comparator<Candidate> ORDER = Comparator
            .comparingInt(Candidate::pdbViolations)
            .thenComparingInt(DefaultPreemption::highest)
            .thenComparingLong(DefaultPreemption::sum)
            .thenComparingInt(c -> c.victims().size())
            .thenComparing(DefaultPreemption::earliestStartOfHighest, Comparator.reverseOrder());
}
