package io.jube.scheduler.plugins.podtopologyspread;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.jube.api.Json;
import io.jube.api.selector.LabelSelector;
import io.jube.api.selector.Requirement;
import io.jube.scheduler.framework.NodeInfo;
import io.jube.scheduler.framework.PodInfo;
import io.jube.scheduler.plugins.nodeaffinity.NodeAffinity;
import io.jube.api.scheduling.Tolerations;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** A compiled topology spread constraint with its node-inclusion policies (defaults: affinity Honor, taints Ignore). */
record Constraint(int maxSkew, String topologyKey, boolean hard, LabelSelector selector, int minDomains,
                  boolean honorAffinity, boolean honorTaints, SingleLabel singleLabel) {

    /** A selector that is just "key in (values)" (values distinct). */
    record SingleLabel(String key, List<String> values) {
    }

    Constraint(int maxSkew, String topologyKey, boolean hard, LabelSelector selector, int minDomains,
               boolean honorAffinity, boolean honorTaints) {
        this(maxSkew, topologyKey, hard, selector, minDomains, honorAffinity, honorTaints, singleLabel(selector));
    }

    /** The selector's only requirement when it is "key in (values)", which per-node label counts answer directly. */
    private static SingleLabel singleLabel(LabelSelector s) {
        if (s.isNothing() || s.requirements().size() != 1) {
            return null;
        }
        Requirement r = s.requirements().get(0);
        return switch (r.operator()) {
            case IN, EQUALS, DOUBLE_EQUALS -> new SingleLabel(r.key(), List.copyOf(new LinkedHashSet<>(r.values())));
            default -> null;
        };
    }

    static List<Constraint> of(PodInfo pod, boolean hard) {
        List<TopologySpreadConstraint> raw = pod.pod().getSpec().getTopologySpreadConstraints();
        List<Constraint> out = new ArrayList<>();
        if (raw == null) {
            return out;
        }
        for (TopologySpreadConstraint c : raw) {
            boolean isHard = !"ScheduleAnyway".equals(c.getWhenUnsatisfiable());
            if (isHard != hard) {
                continue;
            }
            out.add(new Constraint(c.getMaxSkew() == null ? 1 : c.getMaxSkew(), c.getTopologyKey(), isHard,
                    selector(c, pod), c.getMinDomains() == null ? 1 : c.getMinDomains(),
                    !"Ignore".equals(c.getNodeAffinityPolicy()), "Honor".equals(c.getNodeTaintsPolicy())));
        }
        return out;
    }

    /** The labelSelector plus, for each matchLabelKeys key, the incoming pod's value of that label. */
    private static LabelSelector selector(TopologySpreadConstraint c, PodInfo pod) {
        if (c.getLabelSelector() == null) {
            return LabelSelector.nothing();
        }
        ObjectNode sel = Json.MAPPER.valueToTree(c.getLabelSelector());
        if (c.getMatchLabelKeys() != null) {
            for (String k : c.getMatchLabelKeys()) {
                String v = pod.labels().get(k);
                if (v != null) {
                    sel.withObject("/matchLabels").put(k, v);
                }
            }
        }
        return LabelSelector.fromJson(sel);
    }

    /** Whether pods on this node count towards the spread (node inclusion policies). */
    boolean includes(PodInfo pod, NodeInfo node) {
        if (honorAffinity && !NodeAffinity.requiredMatches(pod.pod(), node)) {
            return false;
        }
        if (honorTaints) {
            for (Taint t : node.taints()) {
                boolean hardTaint = "NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect());
                if (hardTaint && !Tolerations.tolerates(pod.tolerations(), t)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether every node with the topology key is included, whatever its labels and taints. */
    boolean includesEveryNode(PodInfo pod) {
        return !honorTaints && !(honorAffinity && NodeAffinity.restrictsNodes(pod.pod()));
    }

    /** How many pods on the node count towards the spread for {@code incoming}. */
    int countMatching(PodInfo incoming, NodeInfo node) {
        if (singleLabel != null) {
            int n = 0;
            for (String v : singleLabel.values()) {
                n += node.countPods(incoming.namespace(), singleLabel.key(), v);
            }
            return n;
        }
        int n = 0;
        for (PodInfo p : node.pods()) {
            if (counts(incoming, p)) {
                n++;
            }
        }
        return n;
    }

    /** Whether an existing pod counts: same namespace as the incoming pod, matched by the selector, not deleting. */
    boolean counts(PodInfo incoming, PodInfo existing) {
        return existing.namespace().equals(incoming.namespace()) && !existing.terminating()
                && selector.matches(existing.labels());
    }
}
