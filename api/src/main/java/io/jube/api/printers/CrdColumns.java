package io.jube.api.printers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Columns of custom resources from a CRD version's {@code additionalPrinterColumns}, rendered as the
 * apiextensions server does: "string" columns print the first JSONPath result as text (objects and arrays as
 * compact JSON), other types convert the value ("date" to an age) or leave the cell empty when it does not fit.
 */
final class CrdColumns {
    private CrdColumns() {
    }

    /** The column kubectl shows when a CRD declares none: Age, a "date" from creationTimestamp. */
    static final Column DEFAULT_AGE = new Column("Age", "date", "",
            "CreationTimestamp is a timestamp representing the server time when this object was created.", 0,
            o -> dateCell(Json.at(o, "metadata", "creationTimestamp")));

    static List<Column> from(JsonNode additionalPrinterColumns) {
        List<Column> out = new ArrayList<>();
        out.add(Printers.NAME);
        if (additionalPrinterColumns == null || !additionalPrinterColumns.isArray()
                || additionalPrinterColumns.isEmpty()) {
            out.add(DEFAULT_AGE);
            return out;
        }
        try {
            for (JsonNode def : additionalPrinterColumns) {
                String path = def.path("jsonPath").asText("");
                JsonPath jp = JsonPath.compile(path);
                String type = def.path("type").asText("string");
                String desc = def.path("description").asText("");
                if (desc.isEmpty()) {
                    desc = "Custom resource definition column (in JSONPath format): " + path;
                }
                out.add(new Column(def.path("name").asText(""), type, def.path("format").asText(""), desc,
                        def.path("priority").asInt(0), o -> cell(type, jp.find(o))));
            }
        } catch (IllegalArgumentException e) {
            // the CRD validation rejects bad paths; if one slips through, print as if none were declared
            return List.of(Printers.NAME, DEFAULT_AGE);
        }
        return out;
    }

    private static Object cell(String type, List<JsonNode> results) {
        if (results.isEmpty() || results.get(0).isNull()) {
            return null;
        }
        JsonNode v = results.get(0);
        return switch (type) {
            case "string" -> text(v);
            case "integer" -> v.isNumber() ? (Object) v.asLong() : null;
            case "number" -> v.isNumber() ? (Object) v.asDouble() : null;
            case "boolean" -> v.isBoolean() ? (Object) v.asBoolean() : null;
            case "date" -> v.isTextual() ? dateCell(v) : null;
            default -> null;
        };
    }

    private static Object dateCell(JsonNode v) {
        if (v == null || v.isNull() || v.asText().isEmpty()) {
            return "<unknown>";
        }
        String s = Ages.since(v.asText());
        return s;
    }

    /** How kubectl's JSONPath printer shows a value: plain text for scalars, JSON (sorted keys) otherwise. */
    static String text(JsonNode v) {
        if (v.isObject() || v.isArray()) {
            return Json.string(sorted(v));
        }
        return v.asText();
    }

    private static JsonNode sorted(JsonNode v) {
        if (v.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = v.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                fields.put(e.getKey(), sorted(e.getValue()));
            }
            ObjectNode o = Json.object();
            fields.forEach(o::set);
            return o;
        }
        if (v.isArray()) {
            var a = Json.NODES.arrayNode();
            v.forEach(e -> a.add(sorted(e)));
            return a;
        }
        return v;
    }
}
