package io.jube.api.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.patch.Schemas;
import io.jube.api.schema.Schema;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * How server-side apply sees a value: a scalar, an atomic whole, a struct of declared fields, a
 * granular map, an associative list (listType map) or a set. A null schema means unknown:
 * objects are granular maps and lists are atomic.
 */
enum Shape {
    SCALAR, ATOMIC, STRUCT, MAP, LIST_MAP, SET;

    private static final Set<String> UNTRACKED_TOP = Set.of("apiVersion", "kind");
    private static final Set<String> UNTRACKED_META = Set.of("name", "namespace", "uid", "resourceVersion",
            "generation", "creationTimestamp", "managedFields", "selfLink");

    static Shape of(JsonNode value, Schema schema, List<String> path) {
        if (value.isObject()) {
            if (path.isEmpty() || path.equals(List.of("f:metadata"))) {
                return STRUCT; // the object itself and its metadata are always structs
            }
            if (schema == null || schema.type() == Schema.Type.ANY) {
                return MAP;
            }
            if ("atomic".equals(schema.mapType())) {
                return ATOMIC;
            }
            return switch (schema.type()) {
                case OBJECT -> STRUCT;
                case MAP -> MAP;
                default -> ATOMIC;
            };
        }
        if (value.isArray()) {
            if (schema == null || schema.type() != Schema.Type.LIST) {
                return ATOMIC;
            }
            String listType = schema.listType();
            if ("map".equals(listType) && !keys(schema).isEmpty()) {
                return LIST_MAP;
            }
            if ("set".equals(listType)) {
                return SET;
            }
            if (listType == null && schema.patchStrategy() != null && schema.patchStrategy().contains("merge")) {
                // Kubernetes treats patch-merge lists without a declared list type the same way.
                return schema.patchMergeKey() != null ? LIST_MAP : SET;
            }
            return ATOMIC;
        }
        return SCALAR;
    }

    /** The key fields of an associative list. */
    static List<String> keys(Schema list) {
        if (!list.listMapKeys().isEmpty()) {
            return list.listMapKeys();
        }
        return list.patchMergeKey() == null ? List.of() : List.of(list.patchMergeKey());
    }

    /** Whether {@code field} under {@code parent} is one apply never tracks (identity, bookkeeping). */
    static boolean untracked(List<String> parent, String field) {
        if (parent.isEmpty()) {
            return UNTRACKED_TOP.contains(field);
        }
        return parent.size() == 1 && parent.get(0).equals("f:metadata") && UNTRACKED_META.contains(field);
    }

    /** The schema of a member of a struct or map. */
    static Schema child(Schema schema, String field) {
        return Schemas.child(schema, field);
    }

    /** Whether a field of a struct/map owns itself as a node (map entries and undeclared fields do). */
    static boolean entryIsMember(Shape parent, Schema parentSchema, String field) {
        return parent == MAP || (parentSchema != null && parentSchema.type() == Schema.Type.OBJECT
                && parentSchema.property(field) == null);
    }

    /**
     * The path element of a list item: {@code k:{...}} with the key fields sorted by name, as
     * Kubernetes encodes them; {@code v:<json>} for set items. An item missing every key field
     * falls back to its index.
     */
    static String element(Shape list, Schema listSchema, JsonNode item, int index) {
        if (list == SET) {
            return "v:" + Json.string(item);
        }
        TreeMap<String, JsonNode> key = new TreeMap<>();
        if (item.isObject()) {
            for (String k : keys(listSchema)) {
                JsonNode v = item.get(k);
                if (v != null && !v.isNull()) {
                    key.put(k, v);
                }
            }
        }
        if (key.isEmpty()) {
            return "i:" + index;
        }
        ObjectNode o = Json.object();
        key.forEach(o::set);
        return "k:" + Json.string(o);
    }
}
