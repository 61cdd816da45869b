package io.jube.scheduler.plugins.nodeaffinity;

import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes' node selector semantics: terms are ORed, the expressions inside a term ANDed; a term with no
 * expressions and no fields matches nothing; {@code matchFields} supports {@code metadata.name} only.
 */
public final class NodeSelectorMatcher {
    private NodeSelectorMatcher() {
    }

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

    public static boolean matches(NodeSelectorTerm term, String nodeName, Map<String, String> labels) {
        List<NodeSelectorRequirement> exprs = list(term.getMatchExpressions());
        List<NodeSelectorRequirement> fields = list(term.getMatchFields());
        if (exprs.isEmpty() && fields.isEmpty()) {
            return false;
        }
        for (NodeSelectorRequirement r : exprs) {
            if (!matches(r, labels.containsKey(r.getKey()), labels.get(r.getKey()))) {
                return false;
            }
        }
        for (NodeSelectorRequirement r : fields) {
            if (!"metadata.name".equals(r.getKey()) || !matches(r, true, nodeName)) {
                return false;
            }
        }
        return true;
    }

    static boolean matches(NodeSelectorRequirement r, boolean has, String value) {
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
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }
}
