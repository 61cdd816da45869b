package io.jube.api.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.catalogue.Catalogue;
import io.jube.api.catalogue.ResourceDef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI v3 documents Kubernetes serves under {@code /openapi/v3}: an index of group-versions
 * and one document per group-version. kubectl explain reads these, and kubectl's query-parameter
 * check looks in them for a PATCH operation of the kind that lists {@code fieldValidation}.
 */
public final class OpenApiV3 {
    private OpenApiV3() {
    }

    /**
     * {@code {"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=..."}, ...}}}: one
     * entry per served group-version, with a hash of its document so clients can cache it.
     */
    public static ObjectNode index(Catalogue c) {
        ObjectNode index = Json.object();
        ObjectNode paths = index.putObject("paths");
        c.groupVersions().forEach((group, versions) -> {
            for (String version : versions) {
                String path = path(group, version);
                paths.putObject(path).put("serverRelativeURL",
                        "/openapi/v3/" + path + "?hash=" + hash(groupVersion(c, group, version)));
            }
        });
        return index;
    }

    /** The index key of a group-version: "api/v1" for the core group, "apis/&lt;group&gt;/&lt;version&gt;" else. */
    public static String path(String group, String version) {
        return group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
    }

    /** A stable hash of a document (SHA-512 of its JSON, upper-case hex), as the index advertises. */
    public static String hash(ObjectNode document) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-512").digest(Json.bytes(document));
            return HexFormat.of().withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is required of every JVM", e);
        }
    }

    /**
     * The OpenAPI 3.0 document of one group-version, or null when the catalogue serves nothing
     * there.
     */
    public static ObjectNode groupVersion(Catalogue c, String group, String version) {
        List<ResourceDef> defs = c.inGroupVersion(group, version);
        if (defs.isEmpty()) {
            return null;
        }
        DocumentModel model = new DocumentModel(SchemaJson.Dialect.V3, defs);
        ObjectNode doc = Json.object();
        doc.put("openapi", "3.0.0");
        doc.putObject("info").put("title", "Kubernetes").put("version", DocumentModel.KUBERNETES_VERSION);
        ObjectNode paths = doc.putObject("paths");
        for (Routes.Path p : model.paths) {
            ObjectNode item = paths.putObject(p.path());
            p.operations().forEach((method, op) -> item.set(method, operation(model.schemas, op)));
            item.set("parameters", parameters(p.params()));
        }
        ObjectNode schemas = doc.putObject("components").putObject("schemas");
        model.definitions().forEach(schemas::set);
        return doc;
    }

    private static ObjectNode operation(SchemaJson schemas, Routes.Operation op) {
        ObjectNode o = Json.object();
        o.putArray("tags").add(op.tag());
        o.put("description", op.description());
        o.put("operationId", op.operationId());
        List<Routes.Param> params = op.params().stream().filter(p -> !p.in().equals("body")).toList();
        if (!params.isEmpty()) {
            o.set("parameters", parameters(params));
        }
        op.params().stream().filter(p -> p.in().equals("body")).findFirst().ifPresent(body -> {
            ObjectNode rb = o.putObject("requestBody");
            ObjectNode content = rb.putObject("content");
            for (String type : op.consumes()) {
                content.putObject(type).set("schema", schemas.ref(body.schemaRef()));
            }
            if (body.required()) {
                rb.put("required", true);
            }
        });
        ObjectNode responses = o.putObject("responses");
        for (Map.Entry<String, String> r : op.responses().entrySet()) {
            ObjectNode resp = responses.putObject(r.getKey());
            resp.put("description", OpenApiV2.describe(r.getKey()));
            if (r.getValue() != null) {
                ObjectNode content = resp.putObject("content");
                for (String type : op.produces()) {
                    content.putObject(type).set("schema", schemas.ref(r.getValue()));
                }
            }
        }
        o.put("x-kubernetes-action", op.action());
        o.set("x-kubernetes-group-version-kind", Json.object().put("group", op.gvk().group())
                .put("kind", op.gvk().kind()).put("version", op.gvk().version()));
        return o;
    }

    private static ArrayNode parameters(List<Routes.Param> params) {
        ArrayNode out = Json.NODES.arrayNode();
        for (Routes.Param p : params) {
            ObjectNode o = out.addObject();
            o.put("name", p.name());
            o.put("in", p.in());
            if (p.description() != null) {
                o.put("description", p.description());
            }
            if (p.required()) {
                o.put("required", true);
            }
            o.putObject("schema").put("type", p.type()).put("uniqueItems", true);
        }
        return out;
    }
}
