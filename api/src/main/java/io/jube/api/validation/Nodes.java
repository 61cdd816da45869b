package io.jube.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Type-tolerant reads and default-setting on JSON trees. User input may have any shape, so every
 * read returns null/empty on a wrong type instead of throwing; validation then reports the field.
 */
public final class Nodes {
    private Nodes() {
    }

    public static ObjectNode obj(JsonNode n, String field) {
        JsonNode c = n == null ? null : n.get(field);
        return c instanceof ObjectNode o ? o : null;
    }

    /** Object at a nested path, or null. */
    public static ObjectNode obj(JsonNode n, String... path) {
        JsonNode c = n;
        for (String p : path) {
            c = c instanceof ObjectNode o ? o.get(p) : null;
        }
        return c instanceof ObjectNode o ? o : null;
    }

    /** Object at {@code field}, created when absent or of the wrong type. */
    public static ObjectNode with(ObjectNode n, String field) {
        return Json.with(n, field);
    }

    public static String str(JsonNode n, String field) {
        JsonNode c = n == null ? null : n.get(field);
        return c != null && c.isTextual() ? c.asText() : null;
    }

    public static String strOrEmpty(JsonNode n, String field) {
        String s = str(n, field);
        return s == null ? "" : s;
    }

    /** Objects of an array field (non-objects are replaced by empty objects so indexes stay right). */
    public static List<ObjectNode> objects(JsonNode n, String field) {
        JsonNode c = n == null ? null : n.get(field);
        List<ObjectNode> out = new ArrayList<>();
        if (c instanceof ArrayNode a) {
            for (JsonNode e : a) {
                out.add(e instanceof ObjectNode o ? o : Json.object());
            }
        }
        return out;
    }

    /** Texts of an array field (non-texts are skipped). */
    public static List<String> strings(JsonNode n, String field) {
        JsonNode c = n == null ? null : n.get(field);
        List<String> out = new ArrayList<>();
        if (c instanceof ArrayNode a) {
            for (JsonNode e : a) {
                if (e.isTextual()) {
                    out.add(e.asText());
                }
            }
        }
        return out;
    }

    /** A string map (labels, annotations, data); non-text values read as their JSON text. */
    public static Map<String, String> stringMap(JsonNode n, String field) {
        JsonNode c = n == null ? null : n.get(field);
        Map<String, String> out = new LinkedHashMap<>();
        if (c instanceof ObjectNode o) {
            o.fields().forEachRemaining(e -> out.put(e.getKey(),
                    e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
        }
        return out;
    }

    public static boolean has(JsonNode n, String field) {
        return n != null && n.hasNonNull(field);
    }

    /** True when absent, null, "", or an empty object/array. */
    public static boolean isEmpty(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() || (n.isTextual() && n.asText().isEmpty())
                || (n.isContainerNode() && n.isEmpty());
    }

    public static boolean isEmpty(JsonNode parent, String field) {
        return parent == null || isEmpty(parent.get(field));
    }

    /** Integer value of a field, or null when absent or not an integral number. */
    public static Long integer(JsonNode n, String field) {
        JsonNode c = n == null ? null : n.get(field);
        return c != null && c.isIntegralNumber() ? c.asLong() : null;
    }

    public static boolean bool(JsonNode n, String field) {
        JsonNode c = n == null ? null : n.get(field);
        return c != null && c.isBoolean() && c.asBoolean();
    }

    public static void defaultText(ObjectNode n, String field, String value) {
        if (isEmpty(n.get(field))) {
            n.put(field, value);
        }
    }

    public static void defaultInt(ObjectNode n, String field, long value) {
        if (!n.hasNonNull(field)) {
            n.put(field, value);
        }
    }

    public static void defaultBool(ObjectNode n, String field, boolean value) {
        if (!n.hasNonNull(field)) {
            n.put(field, value);
        }
    }

    /** Sets {@code field} to an empty object when absent, as Go prints a non-pointer struct. */
    public static ObjectNode defaultObject(ObjectNode n, String field) {
        return with(n, field);
    }

    /** Value equality that treats absent, null and empty containers alike (Go's nil vs empty). */
    public static boolean sameValue(JsonNode a, JsonNode b) {
        if (isEmpty(a) && isEmpty(b)) {
            return true;
        }
        return a != null && a.equals(b);
    }
}
