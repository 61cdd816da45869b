package io.jube.api.scheduling;

import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes' node selection semantics, shared by the scheduler and the DaemonSet controller: a pod's
 * {@code spec.nodeSelector} map must be a subset of the node's labels, and its required node affinity must match.
 * A {@link NodeSelector}'s terms are ORed and the requirements inside a term ANDed; a term with no requirements
 * matches nothing; {@code matchFields} supports {@code metadata.name} only. Operators: In, NotIn (also true when
 * the label is absent), Exists, DoesNotExist, and Gt/Lt, which compare the label as an integer with the single
 * value and are false when either does not parse.
 */
public final class NodeSelectors {
    private NodeSelectors() {
    }

    /** Whether a node ({@code nodeName}, {@code labels}) satisfies the pod's nodeSelector and required node affinity. */
    public static boolean podMatches(PodSpec spec, String nodeName, Map<String, String> labels) {
        Map<String, String> have = labels == null ? Map.of() : labels;
        if (spec.getNodeSelector() != null && !have.entrySet().containsAll(spec.getNodeSelector().entrySet())) {
            return false;
        }
        var affinity = spec.getAffinity();
        NodeSelector required = affinity == null || affinity.getNodeAffinity() == null ? null
                : affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        return matches(required, nodeName, have);
    }

    /** Whether the node matches {@code selector}; a null selector matches every node. */
    public static boolean matches(NodeSelector selector, String nodeName, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        for (NodeSelectorTerm t : list(selector.getNodeSelectorTerms())) {
            if (matches(t, nodeName, labels)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the node matches every requirement of {@code term}; an empty term matches nothing. */
    public static boolean matches(NodeSelectorTerm term, String nodeName, Map<String, String> labels) {
        Map<String, String> have = labels == null ? Map.of() : labels;
        List<NodeSelectorRequirement> exprs = list(term.getMatchExpressions());
        List<NodeSelectorRequirement> fields = list(term.getMatchFields());
        if (exprs.isEmpty() && fields.isEmpty()) {
            return false;
        }
        for (NodeSelectorRequirement r : exprs) {
            if (!matches(r, have.containsKey(r.getKey()), have.get(r.getKey()))) {
                return false;
            }
        }
        for (NodeSelectorRequirement r : fields) {
            if (!"metadata.name".equals(r.getKey()) || !matches(r, nodeName != null, nodeName)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(NodeSelectorRequirement r, boolean has, String value) {
        List<String> values = list(r.getValues());
        String op = r.getOperator() == null ? "" : r.getOperator();
        return switch (op) {
            case "In" -> has && values.contains(value);
            case "NotIn" -> !has || !values.contains(value);
            case "Exists" -> has;
            case "DoesNotExist" -> !has;
            case "Gt", "Lt" -> {
                Long actual = has ? parse(value) : null;
                Long bound = values.size() == 1 ? parse(values.get(0)) : null;
                yield actual != null && bound != null && (op.equals("Gt") ? actual > bound : actual < bound);
            }
            default -> false;
        };
    }

    private static Long parse(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }
}
