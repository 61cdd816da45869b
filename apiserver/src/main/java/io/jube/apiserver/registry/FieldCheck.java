package io.jube.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.catalogue.ResourceDef;
import io.jube.api.schema.Schema;
import io.jube.apiserver.ApiException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What decoding into Kubernetes' typed objects does to a request body: fields the schema does not
 * declare are dropped (and reported per {@code fieldValidation}), nulls are dropped, and values of
 * the wrong JSON type are rejected with 400 as Go's decoder would.
 */
public final class FieldCheck {
    private FieldCheck() {
    }

    /** Prunes {@code obj} in place against {@code schema}; reports unknown fields per the directive. */
    public static void apply(ResourceDef def, ObjectNode obj, Schema schema, RequestContext ctx) {
        if (schema == null) {
            return;
        }
        List<String> unknown = new ArrayList<>();
        walk(def, obj, schema, "", unknown, def.modelClass() != null);
        if (unknown.isEmpty()) {
            return;
        }
        switch (ctx.fieldValidation()) {
            case STRICT -> {
                StringBuilder msg = new StringBuilder(def.kind()).append(" in version \"").append(def.version())
                        .append("\" cannot be handled as a ").append(def.kind()).append(": strict decoding error: ");
                for (int i = 0; i < unknown.size(); i++) {
                    msg.append(i == 0 ? "" : ", ").append("unknown field \"").append(unknown.get(i)).append('"');
                }
                throw ApiException.badRequest(msg.toString());
            }
            case WARN -> unknown.forEach(f -> ctx.warn("unknown field \"" + f + "\""));
            case IGNORE -> {
            }
        }
    }

    /**
     * {@code typed}: a built-in kind, decoded into Go structs by Kubernetes, so values of the wrong
     * type are 400 decode errors and empty maps and lists vanish (omitempty). Custom resources keep
     * them; their schema validation reports wrong types as Invalid.
     */
    private static void walk(ResourceDef def, JsonNode node, Schema s, String path, List<String> unknown,
                             boolean typed) {
        if (s == null || node == null || node.isNull()) {
            return;
        }
        if (!typed && s.type() != Schema.Type.OBJECT && s.type() != Schema.Type.MAP
                && s.type() != Schema.Type.LIST) {
            return;
        }
        if (!typed && s.type() == Schema.Type.OBJECT && !node.isObject()
                || !typed && s.type() == Schema.Type.LIST && !node.isArray()
                || !typed && s.type() == Schema.Type.MAP && !node.isObject()) {
            return;
        }
        switch (s.type()) {
            case OBJECT -> {
                if (!node.isObject()) {
                    throw typeError(def, path, node, "object");
                }
                if (s.properties().isEmpty() || s.preserveUnknownFields()) {
                    return;
                }
                ObjectNode o = (ObjectNode) node;
                for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                    Schema p = s.property(e.getKey());
                    if (p == null) {
                        if (!(path.isEmpty() && (e.getKey().equals("apiVersion") || e.getKey().equals("kind")))) {
                            unknown.add(child);
                            it.remove();
                        }
                    } else if (e.getValue().isNull()) {
                        it.remove();
                    } else if (typed && isEmptyCollection(e.getValue(), p) && !s.required().contains(e.getKey())) {
                        it.remove();
                    } else {
                        walk(def, e.getValue(), p, child, unknown, typed);
                    }
                }
            }
            case MAP -> {
                if (!node.isObject()) {
                    throw typeError(def, path, node, "map");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    walk(def, e.getValue(), s.items(), path + "." + e.getKey(), unknown, typed);
                }
            }
            case LIST -> {
                if (!node.isArray()) {
                    throw typeError(def, path, node, "array");
                }
                ArrayNode a = (ArrayNode) node;
                for (int i = 0; i < a.size(); i++) {
                    walk(def, a.get(i), s.items(), path + "[" + i + "]", unknown, typed);
                }
            }
            case STRING -> {
                if (!node.isTextual()) {
                    throw typeError(def, path, node, "string");
                }
            }
            case INTEGER -> {
                if (!node.isIntegralNumber() && !(node.isNumber() && node.asDouble() == Math.rint(node.asDouble()))) {
                    throw typeError(def, path, node, "integer");
                }
            }
            case NUMBER -> {
                if (!node.isNumber()) {
                    throw typeError(def, path, node, "number");
                }
            }
            case BOOLEAN -> {
                if (!node.isBoolean()) {
                    throw typeError(def, path, node, "boolean");
                }
            }
            case INT_OR_STRING -> {
                if (!node.isTextual() && !node.isIntegralNumber()) {
                    throw typeError(def, path, node, "int-or-string");
                }
            }
            case ANY -> {
            }
        }
    }

    private static boolean isEmptyCollection(JsonNode v, Schema s) {
        return (s.type() == Schema.Type.MAP && v.isObject() || s.type() == Schema.Type.LIST && v.isArray())
                && v.isEmpty();
    }

    private static ApiException typeError(ResourceDef def, String path, JsonNode node, String want) {
        String got = node.isTextual() ? "string" : node.isNumber() ? "number" : node.isBoolean() ? "bool"
                : node.isArray() ? "array" : "object";
        return ApiException.badRequest(def.kind() + " in version \"" + def.version() + "\" cannot be handled as a "
                + def.kind() + ": json: cannot unmarshal " + got + " into Go struct field " + path
                + " of type " + want);
    }
}
