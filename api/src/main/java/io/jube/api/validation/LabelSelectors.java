package io.jube.api.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.strategy.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** metav1.LabelSelector: validation and matching against a label set. */
public final class LabelSelectors {
    private static final Set<String> OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");

    private LabelSelectors() {
    }

    public static List<FieldError> validate(ObjectNode selector, String path) {
        List<FieldError> errs = new ArrayList<>();
        if (selector == null) {
            return errs;
        }
        errs.addAll(ObjectMetaValidation.validateLabels(Nodes.stringMap(selector, "matchLabels"), path + ".matchLabels"));
        List<ObjectNode> exprs = Nodes.objects(selector, "matchExpressions");
        for (int i = 0; i < exprs.size(); i++) {
            ObjectNode e = exprs.get(i);
            String p = path + ".matchExpressions[" + i + "]";
            String op = Nodes.strOrEmpty(e, "operator");
            boolean hasValues = !Nodes.isEmpty(e, "values");
            switch (op) {
                case "In", "NotIn" -> {
                    if (!hasValues) {
                        errs.add(FieldError.required(p + ".values",
                                "must be specified when `operator` is 'In' or 'NotIn'"));
                    }
                }
                case "Exists", "DoesNotExist" -> {
                    if (hasValues) {
                        errs.add(FieldError.forbidden(p + ".values",
                                "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                    }
                }
                default -> errs.add(FieldError.invalid(p + ".operator", op, "not a valid selector operator"));
            }
            String key = Nodes.strOrEmpty(e, "key");
            for (String m : Names.isQualifiedName(key)) {
                errs.add(FieldError.invalid(p + ".key", key, m));
            }
            List<String> values = Nodes.strings(e, "values");
            for (int j = 0; j < values.size(); j++) {
                for (String m : Names.isLabelValue(values.get(j))) {
                    errs.add(FieldError.invalid(p + ".values[" + j + "]", values.get(j), m));
                }
            }
        }
        return errs;
    }

    /** True when the selector has neither matchLabels nor matchExpressions (it selects everything). */
    public static boolean isEmpty(ObjectNode selector) {
        return selector == null || (Nodes.isEmpty(selector, "matchLabels") && Nodes.isEmpty(selector, "matchExpressions"));
    }

    public static boolean matches(ObjectNode selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        for (Map.Entry<String, String> e : Nodes.stringMap(selector, "matchLabels").entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (ObjectNode e : Nodes.objects(selector, "matchExpressions")) {
            String key = Nodes.strOrEmpty(e, "key");
            List<String> values = Nodes.strings(e, "values");
            boolean has = labels.containsKey(key);
            boolean ok = switch (Nodes.strOrEmpty(e, "operator")) {
                case "In" -> has && values.contains(labels.get(key));
                case "NotIn" -> !has || !values.contains(labels.get(key));
                case "Exists" -> has;
                case "DoesNotExist" -> !has;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A plain map selector (Service, ReplicationController) matches when every pair is present. */
    public static boolean mapMatches(Map<String, String> selector, Map<String, String> labels) {
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

}
