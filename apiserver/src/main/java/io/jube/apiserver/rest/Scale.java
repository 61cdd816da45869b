package io.jube.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.catalogue.ResourceDef;
import io.jube.api.schema.Schema;
import io.jube.api.selector.LabelSelector;
import io.jube.apiserver.ApiException;
import io.jube.apiserver.registry.Registry;
import io.jube.apiserver.registry.RequestContext;
import java.util.Map;
import java.util.function.Function;

/** The scale subresource: an autoscaling/v1 Scale view of a workload's replicas. */
final class Scale {
    private Scale() {
    }

    static void handle(Exchange ex, Registry registry, ResourceDef def, String ns, String name, RequestContext ctx,
                       Patches patches, Function<ResourceDef, Schema> schemas) {
        switch (ex.method()) {
            case "GET" -> ex.reply(200, toScale(def, registry.get(def, ns, name)));
            case "PUT" -> {
                ObjectNode body = new ApiHandlerBodies().decode(ex);
                ex.reply(200, setReplicas(registry, def, ns, name, body, ctx), ctx.warnings());
            }
            case "PATCH" -> {
                String type = MediaTypes.base(ex.header("Content-Type"));
                JsonNode patch = ApiHandler.parseBytes(ex.body().getBytes(), type.contains("yaml") ? "yaml" : "json");
                ObjectNode current = toScale(def, registry.get(def, ns, name));
                JsonNode patched = switch (type) {
                    case MediaTypes.JSON_PATCH -> io.jube.api.patch.JsonPatch.apply(current, patch);
                    case MediaTypes.MERGE_PATCH, MediaTypes.STRATEGIC_MERGE_PATCH, MediaTypes.APPLY_PATCH ->
                            io.jube.api.patch.MergePatch.apply(current, patch);
                    default -> throw ApiException.unsupportedMediaType(type);
                };
                ObjectNode p = (ObjectNode) patched;
                if (!type.equals(MediaTypes.JSON_PATCH)) {
                    Json.with(p, "metadata").put("resourceVersion", "");
                }
                ex.reply(200, setReplicas(registry, def, ns, name, p, ctx), ctx.warnings());
            }
            default -> throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
    }

    private static ObjectNode setReplicas(Registry registry, ResourceDef def, String ns, String name, ObjectNode scale,
                                          RequestContext ctx) {
        JsonNode replicas = scale.path("spec").path("replicas");
        if (!replicas.isIntegralNumber() || replicas.asLong() < 0) {
            throw ApiException.invalid("autoscaling", "Scale", name, java.util.List.of(
                    io.jube.api.strategy.FieldError.invalid("spec.replicas", replicas.isMissingNode() ? "null" : replicas,
                            "must be greater than or equal to 0")));
        }
        String rv = Json.text(scale, "metadata", "resourceVersion");
        ObjectNode updated = registry.writes().mutate(def, ns, name, "scale", ctx, cur -> {
            Json.with(cur, "spec").put("replicas", replicas.asInt());
            if (rv != null && !rv.isEmpty()) {
                Json.with(cur, "metadata").put("resourceVersion", rv);
            }
            return cur;
        }).object();
        return toScale(def, updated);
    }

    static ObjectNode toScale(ResourceDef def, ObjectNode obj) {
        ObjectNode s = Json.object();
        s.put("kind", "Scale").put("apiVersion", "autoscaling/v1");
        ObjectNode meta = s.putObject("metadata");
        JsonNode m = obj.path("metadata");
        for (String f : new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
            if (m.has(f)) {
                meta.set(f, m.get(f));
            }
        }
        s.putObject("spec").put("replicas", obj.path("spec").path("replicas").asInt(1));
        ObjectNode status = s.putObject("status");
        status.put("replicas", obj.path("status").path("replicas").asInt(0));
        JsonNode sel = obj.path("spec").path("selector");
        String selector;
        if (sel.has("matchLabels") || sel.has("matchExpressions")) {
            selector = LabelSelector.fromJson(sel).toString();
        } else if (sel.isObject()) {
            @SuppressWarnings("unchecked")
            Map<String, String> labels = Json.MAPPER.convertValue(sel, Map.class);
            selector = LabelSelector.fromMap(labels).toString();
        } else {
            selector = "";
        }
        if (!selector.isEmpty()) {
            status.put("selector", selector);
        }
        return s;
    }

    /** Body decoding shared with the main handler. */
    private static final class ApiHandlerBodies {
        ObjectNode decode(Exchange ex) {
            String type = MediaTypes.base(ex.header("Content-Type"));
            if (type.equals(MediaTypes.PROTOBUF)) {
                return ApiHandler.decodeProtobuf(ex.body().getBytes());
            }
            JsonNode n = ApiHandler.parseBytes(ex.body().getBytes(), type.isEmpty() ? MediaTypes.JSON : type);
            if (!(n instanceof ObjectNode o)) {
                throw ApiException.badRequest("the body must be a Scale object");
            }
            return o;
        }
    }
}
