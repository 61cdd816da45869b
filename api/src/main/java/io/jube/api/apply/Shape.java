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
        return of(value, schema, path.isEmpty() || (path.size() == 1 && path.get(0).equals("f:metadata")));
    }

    /** @param rootOrMetadata whether the value is the object itself or its metadata */
    static Shape of(JsonNode value, Schema schema, boolean rootOrMetadata) {
        if (value.isObject()) {
            if (rootOrMetadata) {
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

    /**
     * Whether {@code field} is one apply never tracks (identity, bookkeeping): of the object
     * itself when {@code parentIsRoot}, of its metadata when {@code parentIsMetadata}.
     */
    static boolean untracked(boolean parentIsRoot, boolean parentIsMetadata, String field) {
        if (parentIsRoot) {
            return UNTRACKED_TOP.contains(field);
        }
        return parentIsMetadata && UNTRACKED_META.contains(field);
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

    /** {@link #entryIsMember(Shape, Schema, String)} given the field's schema, {@link #child}, already looked up. */
    static boolean entryIsMember(Shape parent, Schema parentSchema, Schema fieldSchema) {
        return parent == MAP || (parentSchema != null && parentSchema.type() == Schema.Type.OBJECT && fieldSchema == null);
    }

    /**
     * The path element of a list item: {@code k:{...}} with the key fields sorted by name, as
     * Kubernetes encodes them; {@code v:<json>} for set items. An item missing every key field
     * falls back to its index.
     */
    static String element(Shape list, Schema listSchema, JsonNode item, int index) {
        if (list == SET) {
            String plain = plainJson(item);
            return "v:" + (plain != null ? plain : Json.string(item));
        }
        if (item.isObject()) {
            String fast = plainKey(keys(listSchema), item);
            if (fast != null) {
                return fast.isEmpty() ? "i:" + index : fast;
            }
        }
        return encodedElement(listSchema, item, index);
    }

    /**
     * The {@code k:} element written directly, as Jackson would write it, for the usual keys
     * (names and values needing no escapes); "" when the item gives no key field; null when
     * only {@link #encodedElement} can say. Every write computes one per list item.
     */
    private static String plainKey(List<String> names, JsonNode item) {
        String[] sorted = names.toArray(new String[0]);
        if (sorted.length > 1) {
            java.util.Arrays.sort(sorted); // TreeMap order, as encodedElement
        }
        StringBuilder sb = null;
        String previous = null;
        for (String name : sorted) {
            if (name.equals(previous)) {
                continue;
            }
            previous = name;
            JsonNode v = item.get(name);
            if (v == null || v.isNull()) {
                continue;
            }
            String value = plainJson(v);
            if (value == null || !plain(name)) {
                return null;
            }
            sb = sb == null ? new StringBuilder(name.length() + value.length() + 8).append("k:{") : sb.append(',');
            sb.append('"').append(name).append("\":").append(value);
        }
        return sb == null ? "" : sb.append('}').toString();
    }

    /** Jackson's text for a string, int, long or boolean that needs no escaping; else null. */
    private static String plainJson(JsonNode v) {
        if (v.isTextual()) {
            String s = v.textValue();
            return plain(s) ? '"' + s + '"' : null;
        }
        if (v.isInt() || v.isLong()) {
            return Long.toString(v.longValue());
        }
        if (v.isBoolean()) {
            return v.booleanValue() ? "true" : "false";
        }
        return null;
    }

    /** Printable ASCII other than the two characters JSON escapes. */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** The element through Jackson: key fields in a sorted object, serialised. */
    static String encodedElement(Schema listSchema, JsonNode item, int index) {
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
