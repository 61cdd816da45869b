package io.jube.api.selector;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Kubernetes label selector: an AND of {@link Requirement}s, from the string syntax ({@link #parse}) or a
 * structured {@code LabelSelector} ({@link #fromJson}).
 *
 * <p>Following the API's rules (metav1.LabelSelectorAsSelector): a <b>null or absent</b> structured selector
 * selects <b>nothing</b>; an <b>empty</b> one ({@code {}}) selects <b>everything</b>. An empty selector
 * string also selects everything.
 */
public final class LabelSelector {
    private static final LabelSelector EVERYTHING = new LabelSelector(List.of(), false);
    private static final LabelSelector NOTHING = new LabelSelector(List.of(), true);

    private final List<Requirement> requirements;
    private final boolean nothing;

    private LabelSelector(List<Requirement> requirements, boolean nothing) {
        List<Requirement> sorted = new ArrayList<>(requirements);
        sorted.sort(Comparator.comparing(Requirement::key)); // stable: Kubernetes prints requirements by key
        this.requirements = List.copyOf(sorted);
        this.nothing = nothing;
    }

    public static LabelSelector everything() {
        return EVERYTHING;
    }

    public static LabelSelector nothing() {
        return NOTHING;
    }

    /** Parses the string syntax: {@code a=b,c!=d,e in (x,y),f notin (z),g,!h}. */
    public static LabelSelector parse(String selector) {
        if (selector == null || selector.isBlank()) {
            return EVERYTHING;
        }
        return new LabelSelector(LabelParser.parse(selector), false);
    }

    /** The selector that requires each label of {@code set} (as a Service or ReplicationController selector). */
    public static LabelSelector fromMap(Map<String, String> set) {
        List<Requirement> reqs = new ArrayList<>();
        new TreeMap<>(set).forEach((k, v) -> reqs.add(Requirement.of(k, Operator.EQUALS, List.of(v))));
        return new LabelSelector(reqs, false);
    }

    /** Converts a structured selector ({@code matchLabels}, {@code matchExpressions}); see the class comment. */
    public static LabelSelector fromJson(JsonNode selector) {
        if (selector == null || selector.isNull() || selector.isMissingNode()) {
            return NOTHING;
        }
        if (!selector.isObject()) {
            throw new SelectorException("label selector must be an object");
        }
        List<Requirement> reqs = new ArrayList<>();
        JsonNode matchLabels = selector.get("matchLabels");
        if (matchLabels != null && matchLabels.isObject()) {
            Map<String, String> sorted = new TreeMap<>();
            matchLabels.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
            sorted.forEach((k, v) -> reqs.add(Requirement.of(k, Operator.EQUALS, List.of(v))));
        }
        JsonNode exprs = selector.get("matchExpressions");
        if (exprs != null && exprs.isArray()) {
            for (JsonNode e : exprs) {
                String key = e.path("key").asText("");
                String op = e.path("operator").asText("");
                List<String> values = new ArrayList<>();
                e.path("values").forEach(v -> values.add(v.asText()));
                Operator o = switch (op) {
                    case "In" -> Operator.IN;
                    case "NotIn" -> Operator.NOT_IN;
                    case "Exists" -> Operator.EXISTS;
                    case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
                    default -> throw new SelectorException(LabelSyntax.quote(op) + " is not a valid label selector operator");
                };
                reqs.add(Requirement.of(key, o, values));
            }
        }
        return new LabelSelector(reqs, false);
    }

    public List<Requirement> requirements() {
        return requirements;
    }

    public boolean isEverything() {
        return !nothing && requirements.isEmpty();
    }

    public boolean isNothing() {
        return nothing;
    }

    public boolean matches(Map<String, String> labels) {
        if (nothing) {
            return false;
        }
        for (Requirement r : requirements) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** Matches against an object's {@code metadata.labels}. */
    public boolean matches(JsonNode obj) {
        return matches(labelsOf(obj));
    }

    public static Map<String, String> labelsOf(JsonNode obj) {
        Map<String, String> labels = new TreeMap<>();
        JsonNode l = Json.at(obj, "metadata", "labels");
        if (l != null && l.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = l.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                labels.put(e.getKey(), e.getValue().asText());
            }
        }
        return labels;
    }

    /** Canonical string form, requirements sorted by key; "" for everything and for nothing. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        requirements.forEach(r -> parts.add(r.toString()));
        return String.join(",", parts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSelector s && s.nothing == nothing && s.requirements.equals(requirements);
    }

    @Override
    public int hashCode() {
        return requirements.hashCode() * 31 + (nothing ? 1 : 0);
    }
}
