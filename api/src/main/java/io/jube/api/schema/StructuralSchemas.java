package io.jube.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.schema.Schema.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Reads a CustomResourceDefinition's {@code openAPIV3Schema} (a structural schema) into a {@link Schema}. */
final class StructuralSchemas {
    /** Deeper nesting than this is refused rather than risking the stack on hostile input. */
    static final int MAX_DEPTH = 64;

    private StructuralSchemas() {
    }

    static Schema parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("openAPIV3Schema must be an object");
        }
        return parse(node, "", 0);
    }

    private static Schema parse(JsonNode n, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("openAPIV3Schema is nested deeper than " + MAX_DEPTH
                    + " levels at " + (path.isEmpty() ? "<root>" : path));
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException("schema at " + (path.isEmpty() ? "<root>" : path)
                    + " must be an object");
        }
        SchemaNode s = new SchemaNode(typeOf(n));
        switch (s.type()) {
            case OBJECT -> {
                for (Iterator<Map.Entry<String, JsonNode>> it = n.path("properties").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    s.put(e.getKey(), parse(e.getValue(), path + "." + e.getKey(), depth + 1));
                }
                for (JsonNode r : n.path("required")) {
                    s.require(r.asText());
                }
            }
            case MAP -> {
                JsonNode ap = n.get("additionalProperties");
                s.items(ap.isObject() ? parse(ap, path + ".additionalProperties", depth + 1)
                        : new SchemaNode(Type.ANY));
            }
            case LIST -> {
                JsonNode items = n.get("items");
                s.items(items != null && items.isObject() ? parse(items, path + "[]", depth + 1)
                        : new SchemaNode(Type.ANY));
            }
            default -> {
            }
        }
        if (n.hasNonNull("description")) {
            s.description(n.get("description").asText());
        }
        if (n.hasNonNull("format")) {
            s.format(n.get("format").asText());
        }
        if (n.hasNonNull("x-kubernetes-list-type")) {
            s.listType(n.get("x-kubernetes-list-type").asText());
        }
        if (n.has("x-kubernetes-list-map-keys")) {
            List<String> keys = new ArrayList<>();
            n.get("x-kubernetes-list-map-keys").forEach(k -> keys.add(k.asText()));
            s.listMapKeys(keys);
        }
        if (n.hasNonNull("x-kubernetes-map-type")) {
            s.mapType(n.get("x-kubernetes-map-type").asText());
        }
        if (n.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            s.preserveUnknownFields(true);
        }
        s.embeddedResource(n.path("x-kubernetes-embedded-resource").asBoolean(false));
        return s;
    }

    private static Type typeOf(JsonNode n) {
        if (n.path("x-kubernetes-int-or-string").asBoolean(false)) {
            return Type.INT_OR_STRING;
        }
        String type = n.path("type").asText("");
        return switch (type) {
            case "object" -> {
                JsonNode ap = n.get("additionalProperties");
                boolean map = ap != null && (ap.isObject() || ap.asBoolean(false)) && !n.has("properties");
                yield map ? Type.MAP : Type.OBJECT;
            }
            case "array" -> Type.LIST;
            case "string" -> Type.STRING;
            case "integer" -> Type.INTEGER;
            case "number" -> Type.NUMBER;
            case "boolean" -> Type.BOOLEAN;
            case "" -> n.has("properties") ? Type.OBJECT : Type.ANY;
            default -> throw new IllegalArgumentException("unsupported schema type \"" + type + "\"");
        };
    }
}
