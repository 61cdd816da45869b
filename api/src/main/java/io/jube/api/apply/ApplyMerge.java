package io.jube.api.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.patch.PatchException;
import io.jube.api.patch.Schemas;
import io.jube.api.schema.Schema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The two tree operations of server-side apply: merging a configuration in, removing paths. */
final class ApplyMerge {
    private ApplyMerge() {
    }

    /**
     * The live object with the applied configuration merged in: structs and granular maps merge
     * field by field, list-map items by key, sets by value; scalars and atomic values are replaced.
     */
    static JsonNode merge(JsonNode live, JsonNode config, Schema schema, List<String> path) {
        if (config == null) {
            return live == null ? null : live.deepCopy();
        }
        Shape shape = Shape.of(config, schema, path);
        if (live == null || Shape.of(live, schema, path) != shape) {
            return mergeInto(null, config, shape, schema, path);
        }
        return mergeInto(live, config, shape, schema, path);
    }

    private static JsonNode mergeInto(JsonNode live, JsonNode config, Shape shape, Schema schema, List<String> path) {
        switch (shape) {
            case STRUCT, MAP -> {
                ObjectNode out = live == null ? io.jube.api.Json.object() : ((ObjectNode) live).deepCopy();
                config.fields().forEachRemaining(e -> {
                    if (e.getValue().isNull()) {
                        out.remove(e.getKey());
                        return;
                    }
                    path.add("f:" + e.getKey());
                    out.set(e.getKey(), merge(out.get(e.getKey()), e.getValue(), Shape.child(schema, e.getKey()), path));
                    path.remove(path.size() - 1);
                });
                return out;
            }
            case LIST_MAP, SET -> {
                ArrayNode out = live == null ? io.jube.api.Json.NODES.arrayNode() : ((ArrayNode) live).deepCopy();
                Map<String, JsonNode> existing = live == null ? Map.of() : Fields.items(live, shape, schema);
                List<String> order = new ArrayList<>(existing.keySet());
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < config.size(); i++) {
                    JsonNode item = config.get(i);
                    String element = Shape.element(shape, schema, item, i);
                    if (!seen.add(element)) {
                        throw PatchException.unprocessable(FieldSet.describe(path) + ": duplicate entries for key "
                                + FieldSet.describe(List.of(element)));
                    }
                    int at = order.indexOf(element);
                    if (at < 0) {
                        out.add(item.deepCopy());
                        order.add(element);
                    } else if (shape == Shape.LIST_MAP) {
                        path.add(element);
                        out.set(at, merge(out.get(at), item, Schemas.items(schema), path));
                        path.remove(path.size() - 1);
                    }
                }
                return out;
            }
            default -> {
                return config.deepCopy();
            }
        }
    }

    /**
     * A copy of {@code config} whose list-map items that omit key fields borrow them from the one
     * live item agreeing on the keys they do give. The live object was defaulted on write (a
     * port's protocol becomes "TCP"), so without this a re-applied item would not find itself.
     */
    static JsonNode completeKeys(JsonNode live, JsonNode config, Schema schema, List<String> path) {
        JsonNode out = config.deepCopy();
        complete(live, out, schema, path);
        return out;
    }

    private static void complete(JsonNode live, JsonNode config, Schema schema, List<String> path) {
        if (live == null) {
            return;
        }
        Shape shape = Shape.of(config, schema, path);
        if (Shape.of(live, schema, path) != shape) {
            return;
        }
        if (shape == Shape.STRUCT || shape == Shape.MAP) {
            config.fields().forEachRemaining(e -> {
                path.add("f:" + e.getKey());
                complete(live.get(e.getKey()), e.getValue(), Shape.child(schema, e.getKey()), path);
                path.remove(path.size() - 1);
            });
        } else if (shape == Shape.LIST_MAP) {
            List<String> keys = Shape.keys(schema);
            for (int i = 0; i < config.size(); i++) {
                if (!(config.get(i) instanceof ObjectNode o)) {
                    continue;
                }
                JsonNode match = uniqueMatch(live, o, keys);
                if (match != null) {
                    keys.stream().filter(k -> !o.has(k) && match.has(k)).forEach(k -> o.set(k, match.get(k).deepCopy()));
                }
                path.add(Shape.element(shape, schema, o, i));
                complete(match, o, Schemas.items(schema), path);
                path.remove(path.size() - 1);
            }
        }
    }

    /** The single live item whose key fields equal those {@code item} gives; null if none or several. */
    private static JsonNode uniqueMatch(JsonNode liveList, ObjectNode item, List<String> keys) {
        JsonNode found = null;
        for (JsonNode candidate : liveList) {
            boolean same = candidate.isObject();
            for (String k : keys) {
                if (same && item.has(k)) {
                    same = io.jube.api.patch.JsonValues.equal(item.get(k), candidate.get(k));
                }
            }
            if (same) {
                if (found != null) {
                    return null;
                }
                found = candidate;
            }
        }
        return found;
    }

    /** Removes the node at {@code path} from {@code root} (a mutable copy), if present. */
    static void remove(JsonNode root, Schema schema, List<String> path) {
        JsonNode parent = root;
        Schema parentSchema = schema;
        for (int depth = 0; depth < path.size() - 1 && parent != null; depth++) {
            String element = path.get(depth);
            JsonNode next = step(parent, parentSchema, path.subList(0, depth), element);
            parentSchema = element.startsWith("f:") ? Shape.child(parentSchema, element.substring(2))
                    : Schemas.items(parentSchema);
            parent = next;
        }
        if (parent == null) {
            return;
        }
        String last = path.get(path.size() - 1);
        if (last.startsWith("f:") && parent instanceof ObjectNode o) {
            o.remove(last.substring(2));
        } else if (parent instanceof ArrayNode a) {
            int i = indexOf(a, parentSchema, path.subList(0, path.size() - 1), last);
            if (i >= 0) {
                a.remove(i);
            }
        }
    }

    private static JsonNode step(JsonNode node, Schema schema, List<String> path, String element) {
        if (element.startsWith("f:")) {
            return node.isObject() ? node.get(element.substring(2)) : null;
        }
        if (!node.isArray()) {
            return null;
        }
        int i = indexOf(node, schema, path, element);
        return i < 0 ? null : node.get(i);
    }

    private static int indexOf(JsonNode list, Schema schema, List<String> path, String element) {
        Shape shape = Shape.of(list, schema, path);
        for (int i = 0; i < list.size(); i++) {
            if (element.equals(Shape.element(shape, schema, list.get(i), i))) {
                return i;
            }
        }
        return -1;
    }
}
