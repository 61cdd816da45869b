package io.jube.api.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.patch.PatchException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A set of field paths, as managedFields records them. A path is a list of FieldsV1 path
 * elements: {@code f:<name>}, {@code k:<json key>} (list-map item), {@code v:<json>} (set item)
 * or {@code i:<index>}. Immutable.
 */
public final class FieldSet {
    public static final FieldSet EMPTY = new FieldSet(Set.of());

    private final Set<List<String>> paths;

    private FieldSet(Set<List<String>> paths) {
        this.paths = paths;
    }

    public static FieldSet of(Collection<List<String>> paths) {
        Set<List<String>> copy = new LinkedHashSet<>();
        paths.forEach(p -> copy.add(List.copyOf(p)));
        return new FieldSet(copy);
    }

    public Set<List<String>> paths() {
        return java.util.Collections.unmodifiableSet(paths);
    }

    public boolean isEmpty() {
        return paths.isEmpty();
    }

    public boolean contains(List<String> path) {
        return paths.contains(path);
    }

    public FieldSet union(FieldSet other) {
        Set<List<String>> out = new LinkedHashSet<>(paths);
        out.addAll(other.paths);
        return new FieldSet(out);
    }

    public FieldSet minus(FieldSet other) {
        Set<List<String>> out = new LinkedHashSet<>(paths);
        out.removeAll(other.paths);
        return new FieldSet(out);
    }

    public FieldSet intersect(FieldSet other) {
        Set<List<String>> out = new LinkedHashSet<>(paths);
        out.retainAll(other.paths);
        return new FieldSet(out);
    }

    /** True when some member lies strictly below {@code prefix}. */
    public boolean hasDescendant(List<String> prefix) {
        for (List<String> p : paths) {
            if (p.size() > prefix.size() && p.subList(0, prefix.size()).equals(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The FieldsV1 encoding: nested objects, {@code "."} for a member that also has members below. */
    public ObjectNode toFieldsV1() {
        Node root = new Node();
        for (List<String> p : paths) {
            Node n = root;
            for (String element : p) {
                n = n.children.computeIfAbsent(element, e -> new Node());
            }
            n.member = true;
        }
        return root.toJson();
    }

    /** Parses a FieldsV1 object; a malformed one is a 400. */
    public static FieldSet fromFieldsV1(JsonNode fields) {
        if (fields == null || !fields.isObject()) {
            throw PatchException.badRequest("invalid managedFields: fieldsV1 must be an object, got " + fields);
        }
        Set<List<String>> out = new LinkedHashSet<>();
        collect(fields, new ArrayList<>(), out, 0);
        return new FieldSet(out);
    }

    private static void collect(JsonNode node, List<String> path, Set<List<String>> out, int depth) {
        if (depth > 100) {
            throw PatchException.badRequest("invalid managedFields: fieldsV1 nested too deeply");
        }
        if (node.isEmpty() && !path.isEmpty()) {
            out.add(List.copyOf(path));
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (!e.getValue().isObject()) {
                throw PatchException.badRequest("invalid managedFields: value of \"" + key + "\" must be an object");
            }
            if (".".equals(key)) {
                if (!path.isEmpty()) {
                    out.add(List.copyOf(path));
                }
                continue;
            }
            if (key.length() < 2 || key.charAt(1) != ':' || "fkvi".indexOf(key.charAt(0)) < 0) {
                throw PatchException.badRequest("invalid managedFields: unknown path element \"" + key + "\"");
            }
            path.add(key);
            collect(e.getValue(), path, out, depth + 1);
            path.remove(path.size() - 1);
        }
    }

    /** A path as Kubernetes prints it: {@code .spec.containers[name="nginx"].image}. */
    public static String describe(List<String> path) {
        StringBuilder sb = new StringBuilder();
        for (String element : path) {
            String body = element.substring(2);
            switch (element.charAt(0)) {
                case 'f' -> sb.append('.').append(body);
                case 'v' -> sb.append("[=").append(body).append(']');
                case 'i' -> sb.append('[').append(body).append(']');
                default -> {
                    List<String> parts = new ArrayList<>();
                    Json.parse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).fields()
                            .forEachRemaining(f -> parts.add(f.getKey() + "=" + Json.string(f.getValue())));
                    sb.append('[').append(String.join(",", parts)).append(']');
                }
            }
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldSet f && f.paths.equals(paths);
    }

    @Override
    public int hashCode() {
        return paths.hashCode();
    }

    @Override
    public String toString() {
        return Json.string(toFieldsV1());
    }

    private static final class Node {
        boolean member;
        final TreeMap<String, Node> children = new TreeMap<>();

        ObjectNode toJson() {
            ObjectNode out = Json.object();
            if (member && !children.isEmpty()) {
                out.set(".", Json.object());
            }
            children.forEach((k, v) -> out.set(k, v.toJson()));
            return out;
        }
    }
}
