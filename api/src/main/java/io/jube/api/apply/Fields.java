package io.jube.api.apply;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.patch.JsonValues;
import io.jube.api.patch.Schemas;
import io.jube.api.schema.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The field paths an object sets, and how two versions of an object differ, path by path. */
final class Fields {
    private Fields() {
    }

    /** What changed from one object to another; each set holds leaves and owned nodes. */
    record Comparison(FieldSet added, FieldSet modified, FieldSet removed) {
        boolean isSame() {
            return added.isEmpty() && modified.isEmpty() && removed.isEmpty();
        }
    }

    /** Every tracked path {@code obj} sets: what an applier owns for that configuration. */
    static FieldSet of(JsonNode obj, Schema schema) {
        Set<List<String>> out = new LinkedHashSet<>();
        if (obj != null) {
            walk(obj, schema, new ArrayList<>(), out);
        }
        return FieldSet.of(out);
    }

    static Comparison compare(JsonNode before, JsonNode after, Schema schema) {
        Set<List<String>> added = new LinkedHashSet<>();
        Set<List<String>> modified = new LinkedHashSet<>();
        Set<List<String>> removed = new LinkedHashSet<>();
        diff(before, after, schema, new ArrayList<>(), false, added, modified, removed);
        return new Comparison(FieldSet.of(added), FieldSet.of(modified), FieldSet.of(removed));
    }

    /** Adds the paths below {@code path} that {@code value} sets (not {@code path} itself, unless a leaf). */
    private static void walk(JsonNode value, Schema schema, List<String> path, Set<List<String>> out) {
        Shape shape = Shape.of(value, schema, path);
        switch (shape) {
            case SCALAR, ATOMIC -> {
                if (!path.isEmpty()) {
                    out.add(List.copyOf(path));
                }
            }
            case STRUCT, MAP -> {
                if (value.isEmpty() && !path.isEmpty()) {
                    out.add(List.copyOf(path));
                }
                value.fields().forEachRemaining(e -> {
                    if (Shape.untracked(path, e.getKey())) {
                        return;
                    }
                    path.add("f:" + e.getKey());
                    walk(e.getValue(), Shape.child(schema, e.getKey()), path, out);
                    if (Shape.entryIsMember(shape, schema, e.getKey())) {
                        out.add(List.copyOf(path));
                    }
                    path.remove(path.size() - 1);
                });
            }
            case LIST_MAP, SET -> {
                for (int i = 0; i < value.size(); i++) {
                    path.add(Shape.element(shape, schema, value.get(i), i));
                    if (shape == Shape.LIST_MAP) {
                        walk(value.get(i), Schemas.items(schema), path, out);
                    }
                    out.add(List.copyOf(path));
                    path.remove(path.size() - 1);
                }
            }
        }
    }

    /**
     * All of a subtree that appeared or disappeared: its leaves, and every node that owns itself
     * (map entries, list items, and maps and lists that came or went as a whole).
     */
    private static void whole(JsonNode value, Schema schema, List<String> path, boolean member, Set<List<String>> out) {
        Shape shape = Shape.of(value, schema, path);
        if (!path.isEmpty() && (member || shape != Shape.STRUCT || value.isEmpty())) {
            out.add(List.copyOf(path));
        }
        switch (shape) {
            case STRUCT, MAP -> value.fields().forEachRemaining(e -> {
                if (!Shape.untracked(path, e.getKey())) {
                    path.add("f:" + e.getKey());
                    whole(e.getValue(), Shape.child(schema, e.getKey()), path,
                            Shape.entryIsMember(shape, schema, e.getKey()), out);
                    path.remove(path.size() - 1);
                }
            });
            case LIST_MAP, SET -> {
                for (int i = 0; i < value.size(); i++) {
                    path.add(Shape.element(shape, schema, value.get(i), i));
                    if (shape == Shape.LIST_MAP) {
                        whole(value.get(i), Schemas.items(schema), path, true, out);
                    } else {
                        out.add(List.copyOf(path));
                    }
                    path.remove(path.size() - 1);
                }
            }
            default -> {
            }
        }
    }

    private static void diff(JsonNode a, JsonNode b, Schema schema, List<String> path, boolean member,
            Set<List<String>> added, Set<List<String>> modified, Set<List<String>> removed) {
        if (a == null || b == null) {
            if (a != null) {
                whole(a, schema, path, member, removed);
            } else if (b != null) {
                whole(b, schema, path, member, added);
            }
            return;
        }
        Shape shape = Shape.of(b, schema, path);
        if (Shape.of(a, schema, path) != shape) {
            whole(a, schema, path, member, removed);
            whole(b, schema, path, member, added);
            removed.removeAll(added);
            if (!path.isEmpty()) {
                modified.add(List.copyOf(path));
            }
            return;
        }
        switch (shape) {
            case SCALAR, ATOMIC -> {
                if (!JsonValues.equal(a, b) && !path.isEmpty()) {
                    modified.add(List.copyOf(path));
                }
            }
            case STRUCT, MAP -> {
                Set<String> names = new LinkedHashSet<>();
                a.fieldNames().forEachRemaining(names::add);
                b.fieldNames().forEachRemaining(names::add);
                for (String name : names) {
                    if (Shape.untracked(path, name)) {
                        continue;
                    }
                    path.add("f:" + name);
                    diff(a.get(name), b.get(name), Shape.child(schema, name), path,
                            Shape.entryIsMember(shape, schema, name), added, modified, removed);
                    path.remove(path.size() - 1);
                }
            }
            case LIST_MAP, SET -> {
                Map<String, JsonNode> before = items(a, shape, schema);
                Map<String, JsonNode> after = items(b, shape, schema);
                Set<String> elements = new LinkedHashSet<>(before.keySet());
                elements.addAll(after.keySet());
                Schema itemSchema = shape == Shape.LIST_MAP ? Schemas.items(schema) : null;
                for (String element : elements) {
                    path.add(element);
                    JsonNode x = before.get(element);
                    JsonNode y = after.get(element);
                    if (shape == Shape.SET) {
                        if (x == null) {
                            added.add(List.copyOf(path));
                        } else if (y == null) {
                            removed.add(List.copyOf(path));
                        }
                    } else {
                        diff(x, y, itemSchema, path, true, added, modified, removed);
                    }
                    path.remove(path.size() - 1);
                }
            }
        }
    }

    /** List items by path element; a later duplicate of a key is ignored here. */
    static Map<String, JsonNode> items(JsonNode list, Shape shape, Schema schema) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            out.putIfAbsent(Shape.element(shape, schema, list.get(i), i), list.get(i));
        }
        return out;
    }
}
