package io.jube.api.selector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One term of a label selector: a key, an operator and (for all but exists/does-not-exist) values.
 * Values are kept sorted and de-duplicated, as Kubernetes prints them.
 */
public record Requirement(String key, Operator operator, List<String> values) {

    public Requirement {
        values = List.copyOf(new TreeSet<>(values));
    }

    /** A validated requirement, rejected with Kubernetes' NewRequirement messages. */
    static Requirement of(String key, Operator op, List<String> rawValues) {
        Requirement r = new Requirement(key, op, rawValues);
        List<String> errs = new ArrayList<>();
        List<String> keyErrs = LabelSyntax.keyErrors(key);
        if (!keyErrs.isEmpty()) {
            errs.add("key: Invalid value: " + LabelSyntax.quote(key) + ": " + String.join("; ", keyErrs));
        }
        List<String> vals = r.values;
        switch (op) {
            case IN, NOT_IN -> {
                if (vals.isEmpty()) {
                    errs.add("values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty");
                }
            }
            case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> {
                if (vals.size() != 1) {
                    errs.add("values: Invalid value: " + goList(vals)
                            + ": exact-match compatible operators must have exactly one value");
                }
            }
            case EXISTS, DOES_NOT_EXIST -> {
                if (!vals.isEmpty()) {
                    errs.add("values: Invalid value: " + goList(vals)
                            + ": values set must be empty for exists and does not exist");
                }
            }
            case GREATER_THAN, LESS_THAN -> {
                if (vals.size() != 1) {
                    errs.add("values: Invalid value: " + goList(vals)
                            + ": for 'Gt', 'Lt' operators, exactly one value is required");
                }
                for (int i = 0; i < vals.size(); i++) {
                    if (parseLong(vals.get(i)) == null) {
                        errs.add("values[" + i + "]: Invalid value: " + LabelSyntax.quote(vals.get(i))
                                + ": for 'Gt', 'Lt' operators, the value must be an integer");
                    }
                }
            }
            default -> throw new IllegalStateException(op.name());
        }
        for (int i = 0; i < vals.size(); i++) {
            List<String> valErrs = LabelSyntax.valueErrors(vals.get(i));
            if (!valErrs.isEmpty()) {
                errs.add("values[" + i + "]: Invalid value: " + LabelSyntax.quote(vals.get(i)) + ": "
                        + String.join("; ", valErrs));
            }
        }
        if (errs.size() == 1) {
            throw new SelectorException(errs.get(0));
        } else if (!errs.isEmpty()) {
            throw new SelectorException("[" + String.join(", ", errs) + "]");
        }
        return r;
    }

    public boolean matches(Map<String, String> labels) {
        boolean has = labels.containsKey(key);
        String v = labels.get(key);
        return switch (operator) {
            case IN, EQUALS, DOUBLE_EQUALS -> has && values.contains(v);
            case NOT_IN, NOT_EQUALS -> !has || !values.contains(v);
            case EXISTS -> has;
            case DOES_NOT_EXIST -> !has;
            case GREATER_THAN, LESS_THAN -> {
                Long actual = has ? parseLong(v) : null;
                Long bound = values.size() == 1 ? parseLong(values.get(0)) : null;
                if (actual == null || bound == null) {
                    yield false;
                }
                yield operator == Operator.GREATER_THAN ? actual > bound : actual < bound;
            }
        };
    }

    @Override
    public String toString() {
        return switch (operator) {
            case EXISTS -> key;
            case DOES_NOT_EXIST -> "!" + key;
            case IN, NOT_IN -> key + operator.symbol + "(" + String.join(",", values) + ")";
            default -> key + operator.symbol + (values.isEmpty() ? "" : values.get(0));
        };
    }

    private static Long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String goList(List<String> vals) {
        StringBuilder b = new StringBuilder("[]string{");
        for (int i = 0; i < vals.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(LabelSyntax.quote(vals.get(i)));
        }
        return b.append('}').toString();
    }
}
