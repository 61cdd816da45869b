package io.jube.api.apply;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.patch.JsonValues;
import io.jube.api.patch.Schemas;
import io.jube.api.schema.Schema;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The field paths an object sets, and how two versions of an object differ, path by path.
 *
 * <p>Each walk returns the {@link FieldSet} of the subtree it visits, built from its children's
 * sets, so no path is ever materialised. All a position needs to know about its path is whether
 * it is the object itself, its metadata, or anything deeper ({@link #ROOT}, {@link #METADATA},
 * {@link #INSIDE}): that is what decides shapes and untracked fields.
 */
final class Fields {
    private static final int ROOT = 0;
    private static final int METADATA = 1;
    private static final int INSIDE = 2;

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
        return obj == null ? FieldSet.EMPTY : walk(obj, schema, ROOT);
    }

    static Comparison compare(JsonNode before, JsonNode after, Schema schema) {
        Diff d = new Diff();
        diff(before, after, schema, ROOT, false, d);
        return new Comparison(d.added, d.modified, d.removed);
    }

    private static int below(int where, String field) {
        return where == ROOT && field.equals("metadata") ? METADATA : INSIDE;
    }

    private static Shape shape(JsonNode value, Schema schema, int where) {
        return Shape.of(value, schema, where != INSIDE);
    }

    private static boolean untracked(int where, String field) {
        return Shape.untracked(where == ROOT, where == METADATA, field);
    }

    /** The paths below this position that {@code value} sets, and the position itself when a leaf. */
    private static FieldSet walk(JsonNode value, Schema schema, int where) {
        Shape shape = shape(value, schema, where);
        int size = value.size();
        switch (shape) {
            case STRUCT, MAP -> {
                if (size == 0) {
                    return where == ROOT ? FieldSet.EMPTY : FieldSet.LEAF;
                }
                String[] keys = new String[size];
                FieldSet[] kids = new FieldSet[size];
                int n = 0;
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String name = e.getKey();
                    if (untracked(where, name)) {
                        continue;
                    }
                    Schema child = Shape.child(schema, name);
                    FieldSet kid = walk(e.getValue(), child, below(where, name));
                    keys[n] = "f:" + name;
                    kids[n++] = Shape.entryIsMember(shape, schema, child) ? kid.withRoot() : kid;
                }
                return FieldSet.node(false, keys, kids, n);
            }
            case LIST_MAP, SET -> {
                String[] keys = new String[size];
                FieldSet[] kids = new FieldSet[size];
                Schema itemSchema = shape == Shape.LIST_MAP ? Schemas.items(schema) : null;
                for (int i = 0; i < size; i++) {
                    JsonNode item = value.get(i);
                    keys[i] = Shape.element(shape, schema, item, i);
                    kids[i] = shape == Shape.LIST_MAP ? walk(item, itemSchema, INSIDE).withRoot() : FieldSet.LEAF;
                }
                return FieldSet.node(false, keys, kids, size);
            }
            default -> {
                return where == ROOT ? FieldSet.EMPTY : FieldSet.LEAF;
            }
        }
    }

    /**
     * All of a subtree that appeared or disappeared: its leaves, and every node that owns itself
     * (map entries, list items, and maps and lists that came or went as a whole).
     */
    private static FieldSet whole(JsonNode value, Schema schema, int where, boolean member) {
        Shape shape = shape(value, schema, where);
        int size = value.size();
        boolean self = where != ROOT && (member || shape != Shape.STRUCT || size == 0);
        switch (shape) {
            case STRUCT, MAP -> {
                if (size == 0) {
                    return self ? FieldSet.LEAF : FieldSet.EMPTY;
                }
                String[] keys = new String[size];
                FieldSet[] kids = new FieldSet[size];
                int n = 0;
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String name = e.getKey();
                    if (!untracked(where, name)) {
                        Schema child = Shape.child(schema, name);
                        keys[n] = "f:" + name;
                        kids[n++] = whole(e.getValue(), child, below(where, name), Shape.entryIsMember(shape, schema, child));
                    }
                }
                return FieldSet.node(self, keys, kids, n);
            }
            case LIST_MAP, SET -> {
                String[] keys = new String[size];
                FieldSet[] kids = new FieldSet[size];
                Schema itemSchema = shape == Shape.LIST_MAP ? Schemas.items(schema) : null;
                for (int i = 0; i < size; i++) {
                    JsonNode item = value.get(i);
                    keys[i] = Shape.element(shape, schema, item, i);
                    kids[i] = shape == Shape.LIST_MAP ? whole(item, itemSchema, INSIDE, true) : FieldSet.LEAF;
                }
                return FieldSet.node(self, keys, kids, size);
            }
            default -> {
                return self ? FieldSet.LEAF : FieldSet.EMPTY;
            }
        }
    }

    /** The three sets of one subtree's diff; one instance is reused, read right after each call. */
    private static final class Diff {
        FieldSet added;
        FieldSet modified;
        FieldSet removed;

        void set(FieldSet added, FieldSet modified, FieldSet removed) {
            this.added = added;
            this.modified = modified;
            this.removed = removed;
        }
    }

    /** Children of one node for one of the diff's sets; allocated only when one turns out non-empty. */
    private static final class Kids {
        final String[] keys;
        final FieldSet[] sets;
        int n;

        Kids(int capacity) {
            keys = new String[capacity];
            sets = new FieldSet[capacity];
        }

        static Kids add(Kids kids, int capacity, String key, FieldSet set) {
            if (set.isEmpty()) {
                return kids;
            }
            Kids k = kids == null ? new Kids(capacity) : kids;
            k.keys[k.n] = key;
            k.sets[k.n++] = set;
            return k;
        }

        static FieldSet build(Kids kids) {
            return kids == null ? FieldSet.EMPTY : FieldSet.node(false, kids.keys, kids.sets, kids.n);
        }
    }

    private static void diff(JsonNode a, JsonNode b, Schema schema, int where, boolean member, Diff out) {
        if (a == null || b == null) {
            out.set(b == null ? FieldSet.EMPTY : whole(b, schema, where, member), FieldSet.EMPTY,
                    a == null ? FieldSet.EMPTY : whole(a, schema, where, member));
            return;
        }
        Shape shape = shape(b, schema, where);
        if (shape(a, schema, where) != shape) {
            // Both sides come from this subtree only, so what stays is not removed.
            FieldSet added = whole(b, schema, where, member);
            FieldSet removed = whole(a, schema, where, member).minus(added);
            out.set(added, where == ROOT ? FieldSet.EMPTY : FieldSet.LEAF, removed);
            return;
        }
        switch (shape) {
            case SCALAR, ATOMIC -> out.set(FieldSet.EMPTY,
                    where != ROOT && !JsonValues.equal(a, b) ? FieldSet.LEAF : FieldSet.EMPTY, FieldSet.EMPTY);
            case STRUCT, MAP -> {
                int capacity = a.size() + b.size();
                Kids added = null;
                Kids modified = null;
                Kids removed = null;
                int inBoth = 0;
                for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String name = e.getKey();
                    JsonNode y = b.get(name);
                    if (y != null) {
                        inBoth++;
                    }
                    if (untracked(where, name)) {
                        continue;
                    }
                    Schema child = Shape.child(schema, name);
                    diff(e.getValue(), y, child, below(where, name), Shape.entryIsMember(shape, schema, child), out);
                    if (!(out.added.isEmpty() && out.modified.isEmpty() && out.removed.isEmpty())) {
                        String key = "f:" + name;
                        added = Kids.add(added, capacity, key, out.added);
                        modified = Kids.add(modified, capacity, key, out.modified);
                        removed = Kids.add(removed, capacity, key, out.removed);
                    }
                }
                // Fields only b has; none when every one of b's was found above (the usual update).
                for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); inBoth < b.size() && it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String name = e.getKey();
                    if (a.get(name) != null || untracked(where, name)) {
                        continue; // diffed above
                    }
                    Schema child = Shape.child(schema, name);
                    added = Kids.add(added, capacity, "f:" + name, whole(e.getValue(), child, below(where, name),
                            Shape.entryIsMember(shape, schema, child)));
                }
                out.set(Kids.build(added), Kids.build(modified), Kids.build(removed));
            }
            case LIST_MAP, SET -> {
                Map<String, JsonNode> before = items(a, shape, schema);
                Map<String, JsonNode> after = items(b, shape, schema);
                int capacity = before.size() + after.size();
                Schema itemSchema = shape == Shape.LIST_MAP ? Schemas.items(schema) : null;
                Kids added = null;
                Kids modified = null;
                Kids removed = null;
                for (Map.Entry<String, JsonNode> e : before.entrySet()) {
                    String element = e.getKey();
                    JsonNode y = after.get(element);
                    if (shape == Shape.SET) {
                        if (y == null) {
                            removed = Kids.add(removed, capacity, element, FieldSet.LEAF);
                        }
                        continue;
                    }
                    diff(e.getValue(), y, itemSchema, INSIDE, true, out);
                    added = Kids.add(added, capacity, element, out.added);
                    modified = Kids.add(modified, capacity, element, out.modified);
                    removed = Kids.add(removed, capacity, element, out.removed);
                }
                for (Map.Entry<String, JsonNode> e : after.entrySet()) {
                    if (!before.containsKey(e.getKey())) {
                        added = Kids.add(added, capacity, e.getKey(), shape == Shape.SET ? FieldSet.LEAF
                                : whole(e.getValue(), itemSchema, INSIDE, true));
                    }
                }
                out.set(Kids.build(added), Kids.build(modified), Kids.build(removed));
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
