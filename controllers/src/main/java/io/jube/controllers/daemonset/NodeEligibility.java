package io.jube.controllers.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * Whether a daemon pod belongs on a node (Kubernetes' NodeShouldRunDaemonPod): the pod's nodeSelector and required
 * node affinity must match the node, and its tolerations must tolerate the node's NoSchedule and NoExecute taints to
 * start there; a running pod only has to tolerate the NoExecute ones to stay.
 */
record NodeEligibility(boolean shouldRun, boolean shouldContinueRunning) {

    static NodeEligibility of(Node node, PodSpec spec) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        if (spec.getNodeSelector() != null && !labels.entrySet().containsAll(spec.getNodeSelector().entrySet())) {
            return new NodeEligibility(false, false);
        }
        NodeSelector required = spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null ? null
                : spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        if (required != null && !matches(required, node.getMetadata().getName(), labels)) {
            return new NodeEligibility(false, false);
        }
        List<Toleration> tolerations = spec.getTolerations() == null ? List.of() : spec.getTolerations();
        boolean run = true;
        boolean stay = true;
        for (Taint t : node.getSpec() == null || node.getSpec().getTaints() == null ? List.<Taint>of() : node.getSpec().getTaints()) {
            if (tolerated(tolerations, t)) {
                continue;
            }
            if ("NoExecute".equals(t.getEffect())) {
                run = false;
                stay = false;
            } else if ("NoSchedule".equals(t.getEffect())) {
                run = false;
            }
        }
        return new NodeEligibility(run, stay);
    }

    /** Terms are ORed, a term's requirements ANDed; an empty term matches nothing; fields support metadata.name. */
    static boolean matches(NodeSelector selector, String nodeName, Map<String, String> labels) {
        for (NodeSelectorTerm term : selector.getNodeSelectorTerms() == null ? List.<NodeSelectorTerm>of() : selector.getNodeSelectorTerms()) {
            List<NodeSelectorRequirement> exprs = term.getMatchExpressions() == null ? List.of() : term.getMatchExpressions();
            List<NodeSelectorRequirement> fields = term.getMatchFields() == null ? List.of() : term.getMatchFields();
            if (exprs.isEmpty() && fields.isEmpty()) {
                continue;
            }
            boolean all = exprs.stream().allMatch(r -> matches(r, labels.containsKey(r.getKey()), labels.get(r.getKey())))
                    && fields.stream().allMatch(r -> "metadata.name".equals(r.getKey()) && matches(r, true, nodeName));
            if (all) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(NodeSelectorRequirement r, boolean has, String value) {
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        return switch (r.getOperator() == null ? "" : r.getOperator()) {
            case "In" -> has && values.contains(value);
            case "NotIn" -> !has || !values.contains(value);
            case "Exists" -> has;
            case "DoesNotExist" -> !has;
            case "Gt", "Lt" -> {
                try {
                    long actual = Long.parseLong(value);
                    long bound = Long.parseLong(values.get(0));
                    yield has && values.size() == 1 && ("Gt".equals(r.getOperator()) ? actual > bound : actual < bound);
                } catch (RuntimeException e) {
                    yield false;
                }
            }
            default -> false;
        };
    }

    /** Kubernetes' toleration rules: empty effect matches all; empty key with Exists matches every taint. */
    static boolean tolerated(List<Toleration> tolerations, Taint taint) {
        for (Toleration t : tolerations) {
            if (t.getEffect() != null && !t.getEffect().isEmpty() && !t.getEffect().equals(taint.getEffect())) {
                continue;
            }
            String key = t.getKey() == null ? "" : t.getKey();
            String op = t.getOperator() == null || t.getOperator().isEmpty() ? "Equal" : t.getOperator();
            if (key.isEmpty() ? !"Exists".equals(op) : !key.equals(taint.getKey())) {
                continue;
            }
            if ("Exists".equals(op) || ("Equal".equals(op)
                    && (t.getValue() == null ? "" : t.getValue()).equals(taint.getValue() == null ? "" : taint.getValue()))) {
                return true;
            }
        }
        return false;
    }
}
