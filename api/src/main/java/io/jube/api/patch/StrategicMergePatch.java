package io.jube.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.schema.Schema;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes strategic merge patch ({@code application/strategic-merge-patch+json}).
 *
 * <p>Maps merge and {@code null} deletes, as in a merge patch. Lists whose schema says
 * {@code x-kubernetes-patch-strategy: merge} merge item by item on their
 * {@code x-kubernetes-patch-merge-key} (or as a set for primitives); other lists are replaced.
 * Directives: {@code $patch: replace|merge|delete} on maps and list items,
 * {@code {"$patch": "replace"}} as a list element, {@code $retainKeys},
 * {@code $setElementOrder/<field>} and {@code $deleteFromPrimitiveList/<field>}.
 * Parts without a schema keep their fields and use merge-patch semantics.
 */
public final class StrategicMergePatch {
    static final String PATCH = "$patch";
    static final String RETAIN_KEYS = "$retainKeys";
    static final String SET_ORDER = "$setElementOrder/";
    static final String DELETE_FROM = "$deleteFromPrimitiveList/";

    private StrategicMergePatch() {
    }

    /** Applies {@code patch} to a copy of {@code original}; {@code schema} may be null (unknown). */
    public static JsonNode apply(JsonNode original, JsonNode patch, Schema schema) {
        if (patch == null || !patch.isObject()) {
            throw PatchException.badRequest("a strategic merge patch must be a JSON object");
        }
        JsonNode merged = mergeObject(original, (ObjectNode) patch, schema);
        return merged == null ? Json.object() : merged;
    }

    /** Merges a map patch; null means the map itself is deleted ({@code $patch: delete}). */
    static ObjectNode mergeObject(JsonNode original, ObjectNode patch, Schema schema) {
        String directive = directive(patch);
        if ("delete".equals(directive)) {
            return null;
        }
        if ("replace".equals(directive)) {
            // The patch, not merged with anything, becomes the value; nested directives still apply.
            return mergeObject(null, without(patch, PATCH), schema);
        }
        ObjectNode result = original != null && original.isObject() ? ((ObjectNode) original).deepCopy() : Json.object();
        retainKeys(result, patch);
        Set<String> lists = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (key.startsWith(SET_ORDER) || key.startsWith(DELETE_FROM)) {
                lists.add(key.substring(key.indexOf('/') + 1));
            } else if (key.startsWith("$")) {
                continue; // $patch, $retainKeys, and directives this server does not know are not fields
            } else if (value.isNull()) {
                result.remove(key);
            } else if (value.isArray()) {
                lists.add(key);
            } else if (value.isObject()) {
                ObjectNode merged = mergeObject(result.get(key), (ObjectNode) value, Schemas.child(schema, key));
                if (merged == null) {
                    result.remove(key);
                } else {
                    result.set(key, merged);
                }
            } else {
                result.set(key, value.deepCopy());
            }
        }
        for (String field : lists) {
            JsonNode merged = StrategicList.merge(field, result.get(field), patch, Schemas.child(schema, field));
            if (merged != null) {
                result.set(field, merged);
            }
        }
        return result;
    }

    static String directive(ObjectNode patch) {
        JsonNode d = patch.get(PATCH);
        if (d == null) {
            return null;
        }
        if (!d.isTextual() || !Set.of("replace", "merge", "delete").contains(d.asText())) {
            throw PatchException.badRequest("unknown patch type: " + d + " in map: " + patch);
        }
        return d.asText();
    }

    /** {@code $retainKeys}: fields of the original not listed are cleared (union types). */
    private static void retainKeys(ObjectNode result, ObjectNode patch) {
        JsonNode retain = patch.get(RETAIN_KEYS);
        if (retain == null) {
            return;
        }
        if (!retain.isArray()) {
            throw PatchException.badRequest("$retainKeys must be a list of field names, got " + retain);
        }
        Set<String> keep = new HashSet<>();
        for (JsonNode k : retain) {
            if (!k.isTextual()) {
                throw PatchException.badRequest("$retainKeys must be a list of field names, got " + retain);
            }
            keep.add(k.asText());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().startsWith("$") && !e.getValue().isNull() && !keep.contains(e.getKey())) {
                throw PatchException.unprocessable("patch content doesn't match retainKeys list: field \""
                        + e.getKey() + "\" is not in " + retain);
            }
        }
        result.retain(keep);
    }

    static ObjectNode without(ObjectNode node, String field) {
        ObjectNode copy = node.deepCopy();
        copy.remove(field);
        return copy;
    }

    /** A patch value with its directives resolved against nothing: what it means on its own. */
    static JsonNode literal(JsonNode value, Schema schema) {
        if (value.isObject()) {
            return mergeObject(null, (ObjectNode) value, schema);
        }
        if (value.isArray()) {
            ArrayNode out = Json.NODES.arrayNode();
            Schema items = Schemas.items(schema);
            for (JsonNode item : value) {
                if (item.isObject() && item.has(PATCH)) {
                    continue;
                }
                JsonNode v = literal(item, items);
                if (v != null) {
                    out.add(v);
                }
            }
            return out;
        }
        return value.deepCopy();
    }
}
