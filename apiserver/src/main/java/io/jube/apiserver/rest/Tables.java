package io.jube.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.catalogue.ResourceDef;
import io.jube.api.printers.Column;
import java.util.List;

/** Server-side printing: meta.k8s.io/v1 Table responses built from a resource's columns. */
public final class Tables {
    private Tables() {
    }

    public static ObjectNode table(ResourceDef def, List<ObjectNode> objects, ObjectNode listMeta, String includeObject) {
        ObjectNode t = Json.object();
        t.put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        t.set("metadata", listMeta == null ? Json.object() : listMeta);
        t.set("columnDefinitions", columnDefinitions(def));
        ArrayNode rows = t.putArray("rows");
        for (ObjectNode o : objects) {
            rows.add(row(def, o, includeObject));
        }
        return t;
    }

    public static ArrayNode columnDefinitions(ResourceDef def) {
        ArrayNode cols = Json.NODES.arrayNode();
        for (Column c : def.columns()) {
            cols.addObject().put("name", c.name()).put("type", c.type()).put("format", c.format())
                    .put("description", c.description()).put("priority", c.priority());
        }
        return cols;
    }

    public static ObjectNode row(ResourceDef def, ObjectNode obj, String includeObject) {
        ObjectNode row = Json.object();
        ArrayNode cells = row.putArray("cells");
        for (Column c : def.columns()) {
            Object v;
            try {
                v = c.value().apply(obj);
            } catch (RuntimeException e) {
                v = null;
            }
            if (v == null) {
                cells.addNull();
            } else if (v instanceof Number n) {
                cells.add(Json.NODES.numberNode(n.longValue()));
            } else if (v instanceof Boolean b) {
                cells.add(b);
            } else if (v instanceof JsonNode j) {
                cells.add(j);
            } else {
                cells.add(v.toString());
            }
        }
        if ("None".equals(includeObject)) {
            return row;
        }
        if ("Object".equals(includeObject)) {
            row.set("object", obj);
        } else {
            row.set("object", partialMetadata(obj));
        }
        return row;
    }

    public static ObjectNode partialMetadata(ObjectNode obj) {
        ObjectNode p = Json.object();
        p.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
        p.set("metadata", obj.get("metadata"));
        return p;
    }
}
