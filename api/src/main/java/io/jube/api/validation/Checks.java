package io.jube.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.strategy.FieldError;
import java.util.Collection;
import java.util.List;

/** Small checks that many kinds share, each with Kubernetes' wording. */
public final class Checks {
    public static final String NEGATIVE = "must be greater than or equal to 0";
    public static final String NOT_POSITIVE = "must be greater than zero";

    private Checks() {
    }

    /** An optional integer field that must not be negative. */
    public static void nonNegative(ObjectNode parent, String field, String path, List<FieldError> errs) {
        Long v = Nodes.integer(parent, field);
        if (v != null && v < 0) {
            errs.add(FieldError.invalid(path, v, NEGATIVE));
        }
    }

    /** A field that may not change: {@code path: Invalid value: <new>: field is immutable}. */
    public static void immutable(JsonNode now, JsonNode was, String path, List<FieldError> errs) {
        if (!Nodes.sameValue(now, was)) {
            errs.add(FieldError.invalid(path, now == null ? io.jube.api.Json.NODES.nullNode() : now,
                    ObjectMetaValidation.IMMUTABLE));
        }
    }

    /** A required enumerated text field. */
    public static void oneOf(ObjectNode parent, String field, String path, Collection<String> allowed,
                             List<FieldError> errs) {
        String v = Nodes.strOrEmpty(parent, field);
        if (v.isEmpty()) {
            errs.add(FieldError.required(path));
        } else if (!allowed.contains(v)) {
            errs.add(FieldError.notSupported(path, v, allowed));
        }
    }

    /** An optional enumerated text field. */
    public static void optionalOneOf(ObjectNode parent, String field, String path, Collection<String> allowed,
                                     List<FieldError> errs) {
        String v = Nodes.strOrEmpty(parent, field);
        if (!v.isEmpty() && !allowed.contains(v)) {
            errs.add(FieldError.notSupported(path, v, allowed));
        }
    }

    /**
     * An IntOrString that is a non-negative count or a percentage of at most 100% (maxUnavailable,
     * maxSurge, minAvailable).
     */
    public static void intOrPercent(JsonNode v, String path, List<FieldError> errs) {
        if (v == null || v.isNull()) {
            return;
        }
        if (v.isIntegralNumber()) {
            if (v.asLong() < 0) {
                errs.add(FieldError.invalid(path, v.asLong(), NEGATIVE));
            }
            return;
        }
        String s = v.asText();
        List<String> pct = Names.isPercent(s);
        if (!pct.isEmpty()) {
            pct.forEach(m -> errs.add(FieldError.invalid(path, s, m)));
            return;
        }
        long n = Long.parseLong(s.substring(0, s.length() - 1).length() > 18 ? "999" : s.substring(0, s.length() - 1));
        if (n > 100) {
            errs.add(FieldError.invalid(path, s, "must not be greater than 100%"));
        }
    }

    /** True when an IntOrString is zero ("0" or "0%" or 0). */
    public static boolean isZero(JsonNode v) {
        if (v == null || v.isNull()) {
            return true;
        }
        if (v.isIntegralNumber()) {
            return v.asLong() == 0;
        }
        String s = v.asText();
        return s.equals("0") || s.equals("0%") || s.matches("0+%");
    }
}
