package io.jube.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.schema.Schema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** How a strategic merge patch changes one list field, with its parallel directive lists. */
final class StrategicList {
    private StrategicList() {
    }

    /**
     * The new value of list {@code field}, or null to leave the field as it is.
     *
     * @param original the field's current value (may be missing or not a list)
     * @param patch    the enclosing patch map, holding the list and its parallel directives
     */
    static JsonNode merge(String field, JsonNode original, ObjectNode patch, Schema schema) {
        JsonNode patchList = patch.get(field);
        ArrayNode deletions = parallel(patch, StrategicMergePatch.DELETE_FROM + field);
        ArrayNode order = parallel(patch, StrategicMergePatch.SET_ORDER + field);
        if (patchList != null && !patchList.isArray()) {
            return null; // the field was set (or deleted) as a non-list value; directives have nothing to act on
        }
        boolean merging = schema != null && schema.patchStrategy() != null && schema.patchStrategy().contains("merge");
        if (!merging) {
            return patchList == null ? null : StrategicMergePatch.literal(patchList, schema);
        }
        List<JsonNode> patchItems = new ArrayList<>();
        if (patchList != null) {
            for (JsonNode item : patchList) {
                if (item.isObject() && "replace".equals(StrategicMergePatch.directive((ObjectNode) item))) {
                    return StrategicMergePatch.literal(patchList, schema);
                }
                patchItems.add(item);
            }
        }
        List<JsonNode> originalItems = new ArrayList<>();
        if (original != null && original.isArray()) {
            original.forEach(originalItems::add);
        }
        String mergeKey = schema.patchMergeKey();
        boolean maps = mergeKey != null || patchItems.stream().anyMatch(JsonNode::isObject);
        if (maps && mergeKey == null) {
            return patchList == null ? null : StrategicMergePatch.literal(patchList, schema);
        }
        Identity id = maps ? new Identity(mergeKey) : Identity.VALUE;
        List<JsonNode> merged = maps
                ? mergeMaps(field, originalItems, patchItems, mergeKey, Schemas.items(schema))
                : mergePrimitives(field, originalItems, patchItems, deletions);
        List<String> wanted = new ArrayList<>();
        if (order != null) {
            for (JsonNode o : order) {
                wanted.add(id.of(o, field, "$setElementOrder/" + field));
            }
            for (JsonNode p : patchItems) {
                if (!isDelete(p) && !wanted.contains(id.of(p, field, field))) {
                    throw PatchException.badRequest("$setElementOrder/" + field + " does not list patch item " + p);
                }
            }
        } else {
            for (JsonNode p : patchItems) {
                if (!isDelete(p)) {
                    wanted.add(id.of(p, field, field));
                }
            }
        }
        return Json.NODES.arrayNode().addAll(normalizeOrder(merged, originalItems, wanted, id, field));
    }

    private static ArrayNode parallel(ObjectNode patch, String key) {
        JsonNode v = patch.get(key);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            throw PatchException.badRequest(key + " must be a list, got " + v);
        }
        return (ArrayNode) v;
    }

    private static boolean isDelete(JsonNode item) {
        return item.isObject() && "delete".equals(StrategicMergePatch.directive((ObjectNode) item));
    }

    /** Primitive lists with strategy merge are sets: deletions removed, patch values added once. */
    private static List<JsonNode> mergePrimitives(String field, List<JsonNode> original, List<JsonNode> patch,
            ArrayNode deletions) {
        List<JsonNode> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Set<String> deleted = new LinkedHashSet<>();
        if (deletions != null) {
            deletions.forEach(d -> deleted.add(Identity.VALUE.of(d, field, "$deleteFromPrimitiveList/" + field)));
        }
        for (List<JsonNode> part : List.of(original, patch)) {
            for (JsonNode v : part) {
                String key = Identity.VALUE.of(v, field, field);
                if (!deleted.contains(key) && seen.add(key)) {
                    out.add(v.deepCopy());
                }
            }
        }
        return out;
    }

    /** Lists of maps merge item by item on the merge key; {@code $patch: delete} items remove. */
    private static List<JsonNode> mergeMaps(String field, List<JsonNode> original, List<JsonNode> patch,
            String mergeKey, Schema itemSchema) {
        Identity id = new Identity(mergeKey);
        List<JsonNode> out = new ArrayList<>();
        original.forEach(o -> out.add(o.deepCopy()));
        for (JsonNode item : patch) {
            String key = id.of(item, field, field);
            if (isDelete(item)) {
                out.removeIf(o -> key.equals(id.find(o)));
                continue;
            }
            int at = -1;
            for (int i = 0; i < out.size() && at < 0; i++) {
                if (key.equals(id.find(out.get(i)))) {
                    at = i;
                }
            }
            ObjectNode merged = StrategicMergePatch.mergeObject(at < 0 ? null : out.get(at), (ObjectNode) item, itemSchema);
            if (at >= 0) {
                out.set(at, merged);
            } else {
                out.add(merged);
            }
        }
        return out;
    }

    /**
     * Patch items (those named in {@code wanted}) take the order of {@code wanted}; items only
     * on the server keep their relative order and are interleaved by their original positions.
     */
    private static List<JsonNode> normalizeOrder(List<JsonNode> merged, List<JsonNode> original, List<String> wanted,
            Identity id, String field) {
        Map<String, Integer> serverPos = new HashMap<>();
        for (int i = 0; i < original.size(); i++) {
            serverPos.putIfAbsent(id.find(original.get(i)), i);
        }
        List<JsonNode> fromPatch = new ArrayList<>();
        List<JsonNode> serverOnly = new ArrayList<>();
        for (JsonNode item : merged) {
            (wanted.contains(id.find(item)) ? fromPatch : serverOnly).add(item);
        }
        fromPatch.sort(Comparator.comparingInt(item -> wanted.indexOf(id.find(item))));
        List<JsonNode> out = new ArrayList<>(merged.size());
        int i = 0;
        int j = 0;
        while (i < serverOnly.size() || j < fromPatch.size()) {
            if (j >= fromPatch.size()) {
                out.add(serverOnly.get(i++));
            } else if (i >= serverOnly.size()) {
                out.add(fromPatch.get(j++));
            } else {
                Integer left = serverPos.get(id.find(serverOnly.get(i)));
                Integer right = serverPos.get(id.find(fromPatch.get(j)));
                out.add(left != null && right != null && left < right ? serverOnly.get(i++) : fromPatch.get(j++));
            }
        }
        return out;
    }

    /** How list items are told apart: by their merge key's value, or (primitives) by value. */
    private record Identity(String mergeKey) {
        static final Identity VALUE = new Identity(null);

        /** The identity of a patch item; a clear error when it cannot have one. */
        String of(JsonNode item, String field, String where) {
            if (mergeKey == null) {
                if (item.isContainerNode()) {
                    throw PatchException.badRequest(where + ": expected a list of primitives, found " + item);
                }
                return Json.string(item);
            }
            if (!item.isObject()) {
                throw PatchException.badRequest(where + ": expected a list of maps, found " + item);
            }
            JsonNode key = item.get(mergeKey);
            if (key == null || key.isNull()) {
                throw PatchException.unprocessable("map: " + item + " does not contain declared merge key: " + mergeKey);
            }
            return Json.string(key);
        }

        /** The identity of an existing item; null when it has none. */
        String find(JsonNode item) {
            if (mergeKey == null) {
                return Json.string(item);
            }
            JsonNode key = item.isObject() ? item.get(mergeKey) : null;
            return key == null ? null : Json.string(key);
        }
    }
}
