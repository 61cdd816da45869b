package io.jube.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.apply.ApplyConflictException;
import io.jube.api.apply.ServerSideApply;
import io.jube.api.catalogue.ResourceDef;
import io.jube.api.patch.JsonPatch;
import io.jube.api.patch.MergePatch;
import io.jube.api.patch.PatchException;
import io.jube.api.patch.StrategicMergePatch;
import io.jube.api.schema.Schema;
import io.jube.apiserver.ApiException;
import io.jube.apiserver.registry.FieldCheck;
import io.jube.apiserver.registry.Registry;
import io.jube.apiserver.registry.Served;
import io.jube.apiserver.registry.RequestContext;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** PATCH in its four forms (JSON, merge, strategic merge, server-side apply) as a read-modify-write. */
public final class Patches {
    private final Registry registry;
    private final Function<ResourceDef, Schema> schemas;
    private final Clock clock;

    public Patches(Registry registry, Function<ResourceDef, Schema> schemas, Clock clock) {
        this.registry = registry;
        this.schemas = schemas;
        this.clock = clock;
    }

    /** Patches the object (or its status, subresource "status") and returns the stored result. */
    public Served patch(ResourceDef def, String ns, String name, String sub, String type, JsonNode patch,
                            boolean force, RequestContext ctx) {
        Schema schema = schemas.apply(def);
        if (type.equals(MediaTypes.APPLY_PATCH)) {
            return apply(def, ns, name, sub, patch, force, schema, ctx);
        }
        UnaryOperator<JsonNode> op = switch (type) {
            case MediaTypes.JSON_PATCH -> cur -> JsonPatch.apply(cur, patch);
            case MediaTypes.MERGE_PATCH -> {
                requireObject(patch);
                yield cur -> MergePatch.apply(cur, patch);
            }
            case MediaTypes.STRATEGIC_MERGE_PATCH -> {
                if (def.modelClass() == null) {
                    throw new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown "
                            + "format - accepted media types include: application/json-patch+json, "
                            + "application/merge-patch+json, application/apply-patch+yaml", null);
                }
                requireObject(patch);
                yield cur -> StrategicMergePatch.apply(cur, patch, schema);
            }
            default -> throw new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown "
                    + "format - accepted media types include: application/json-patch+json, application/merge-patch+json, "
                    + "application/apply-patch+yaml, application/strategic-merge-patch+json", null);
        };
        return registry.writes().mutate(def, ns, name, sub, ctx, cur -> {
            JsonNode result = run(() -> op.apply(cur));
            if (!(result instanceof ObjectNode o)) {
                throw ApiException.badRequest("the patch did not produce an object");
            }
            FieldCheck.apply(def, o, schema, ctx);
            return o;
        });
    }

    private static void requireObject(JsonNode patch) {
        if (!patch.isObject()) {
            throw ApiException.badRequest("the patch must be a JSON object");
        }
    }

    private Served apply(ResourceDef def, String ns, String name, String sub, JsonNode patch, boolean force,
                             Schema schema, RequestContext ctx) {
        if (!(patch instanceof ObjectNode applied)) {
            throw ApiException.badRequest("the apply configuration must be an object");
        }
        String apiVersion = Json.text(applied, "apiVersion");
        String kind = Json.text(applied, "kind");
        if (apiVersion == null || kind == null) {
            throw ApiException.badRequest("apiVersion and kind must be set in the apply configuration");
        }
        if (!apiVersion.equals(def.groupVersion()) || !kind.equals(def.kind())) {
            throw ApiException.badRequest("the API version in the data (" + apiVersion + ") does not match the "
                    + "expected API version (" + def.groupVersion() + ")");
        }
        String bodyName = Json.text(applied, "metadata", "name");
        if (bodyName != null && !bodyName.equals(name)) {
            throw ApiException.badRequest("the name of the object (" + bodyName
                    + ") does not match the name on the URL (" + name + ")");
        }
        ObjectNode cfg = applied.deepCopy();
        FieldCheck.apply(def, cfg, schema, ctx);
        ctx.markApply();
        String manager = ctx.fieldManager();
        Optional<ObjectNode> live = registry.find(def, ns, name);
        if (live.isEmpty()) {
            if (!sub.isEmpty()) {
                throw ApiException.notFound(def.group(), def.plural(), name);
            }
            ObjectNode created = run(() -> ServerSideApply.apply(null, cfg, manager, force, def.groupVersion(),
                    schema, clock.instant().truncatedTo(ChronoUnit.SECONDS)));
            Json.with(created, "metadata").put("name", name);
            try {
                return registry.writes().create(def, ns, created, ctx);
            } catch (ApiException e) {
                if (e.code() != 409 || !"AlreadyExists".equals(e.reason())) {
                    throw e;
                }
            }
        }
        return registry.writes().mutate(def, ns, name, sub, ctx, cur -> {
            String rv = Json.text(cur, "metadata", "resourceVersion");
            ObjectNode result = run(() -> ServerSideApply.apply(cur, cfg, manager, force, def.groupVersion(), schema,
                    clock.instant().truncatedTo(ChronoUnit.SECONDS)));
            String wanted = Json.text(cfg, "metadata", "resourceVersion");
            Json.with(result, "metadata").put("resourceVersion", wanted != null ? wanted : rv);
            return result;
        });
    }

    private static <T> T run(java.util.function.Supplier<T> s) {
        try {
            return s.get();
        } catch (ApplyConflictException e) {
            ObjectNode details = Json.object();
            ArrayNode causes = details.putArray("causes");
            for (ApplyConflictException.Conflict c : e.conflicts()) {
                causes.addObject().put("reason", "FieldManagerConflict").put("message", c.causeMessage())
                        .put("field", c.field());
            }
            throw new ApiException(409, "Conflict", e.getMessage(), details);
        } catch (PatchException e) {
            throw new ApiException(e.code(), e.code() == 400 ? "BadRequest" : "Invalid", e.getMessage(), null);
        }
    }
}
