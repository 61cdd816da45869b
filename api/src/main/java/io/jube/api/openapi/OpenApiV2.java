package io.jube.api.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.catalogue.Catalogue;
import java.util.List;
import java.util.Map;

/**
 * The Swagger 2.0 document Kubernetes serves at {@code /openapi/v2}: every served resource's
 * operations and every type's definition, named and annotated as Kubernetes does so kubectl's
 * validation, explain and strategic-merge patching find what they look for.
 */
public final class OpenApiV2 {
    private OpenApiV2() {
    }

    public static ObjectNode document(Catalogue c) {
        DocumentModel model = new DocumentModel(SchemaJson.Dialect.V2, c.all());
        ObjectNode doc = Json.object();
        doc.put("swagger", "2.0");
        doc.putObject("info").put("title", "Kubernetes").put("version", DocumentModel.KUBERNETES_VERSION);
        ObjectNode paths = doc.putObject("paths");
        for (Routes.Path p : model.paths) {
            ObjectNode item = paths.putObject(p.path());
            p.operations().forEach((method, op) -> item.set(method, operation(model.schemas, op)));
            item.set("parameters", parameters(model.schemas, p.params()));
        }
        ObjectNode defs = doc.putObject("definitions");
        model.definitions().forEach(defs::set);
        return doc;
    }

    private static ObjectNode operation(SchemaJson schemas, Routes.Operation op) {
        ObjectNode o = Json.object();
        o.put("description", op.description());
        strings(o.putArray("consumes"), op.consumes());
        strings(o.putArray("produces"), op.produces());
        o.putArray("schemes").add("https");
        o.putArray("tags").add(op.tag());
        o.put("operationId", op.operationId());
        if (!op.params().isEmpty()) {
            o.set("parameters", parameters(schemas, op.params()));
        }
        ObjectNode responses = o.putObject("responses");
        for (Map.Entry<String, String> r : op.responses().entrySet()) {
            ObjectNode resp = responses.putObject(r.getKey());
            resp.put("description", describe(r.getKey()));
            if (r.getValue() != null) {
                resp.set("schema", schemas.ref(r.getValue()));
            }
        }
        o.put("x-kubernetes-action", op.action());
        o.set("x-kubernetes-group-version-kind", Json.object().put("group", op.gvk().group())
                .put("kind", op.gvk().kind()).put("version", op.gvk().version()));
        return o;
    }

    private static ArrayNode parameters(SchemaJson schemas, List<Routes.Param> params) {
        ArrayNode out = Json.NODES.arrayNode();
        for (Routes.Param p : params) {
            ObjectNode o = out.addObject();
            if (p.in().equals("body")) {
                o.put("name", "body").put("in", "body").put("required", p.required());
                o.set("schema", schemas.ref(p.schemaRef()));
                continue;
            }
            o.put("uniqueItems", true);
            o.put("type", p.type());
            o.put("name", p.name());
            o.put("in", p.in());
            if (p.required()) {
                o.put("required", true);
            }
            if (p.description() != null) {
                o.put("description", p.description());
            }
        }
        return out;
    }

    static String describe(String code) {
        return switch (code) {
            case "200" -> "OK";
            case "201" -> "Created";
            case "202" -> "Accepted";
            case "401" -> "Unauthorized";
            default -> code;
        };
    }

    private static void strings(ArrayNode into, List<String> values) {
        values.forEach(into::add);
    }
}
