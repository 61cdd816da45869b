package io.jube.apiserver.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.catalogue.ResourceDef;
import io.jube.api.schema.Schema;
import io.jube.api.selector.FieldSelector;
import io.jube.api.selector.LabelSelector;
import io.jube.api.selector.SelectorException;
import io.jube.apiserver.ApiException;
import io.jube.apiserver.registry.DeleteOptions;
import io.jube.apiserver.registry.FieldCheck;
import io.jube.apiserver.registry.Registry;
import io.jube.apiserver.registry.RequestContext;
import io.jube.apiserver.registry.Writes;
import io.jube.apiserver.watch.WatchCache;
import io.jube.apiserver.watch.WatchCaches;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The generic REST layer: maps every resource URL and verb onto the registry, with Kubernetes'
 * query parameters, content negotiation (JSON, YAML, Table), watch streams and Status errors.
 * It holds no per-kind code: kinds differ only through their catalogue entry and strategy.
 */
public final class ApiHandler {
    private static final ObjectMapper STRICT_JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> BOOL_PARAMS = Set.of("watch", "allowWatchBookmarks", "force",
            "sendInitialEvents", "pretty", "export", "exact");
    private static final Set<String> INT_PARAMS = Set.of("limit", "timeoutSeconds", "gracePeriodSeconds");

    private final Registry registry;
    private final WatchCaches caches;
    private final Vertx vertx;
    private final Function<ResourceDef, Schema> schemas;
    private final Patches patches;

    public ApiHandler(Registry registry, WatchCaches caches, Vertx vertx, Function<ResourceDef, Schema> schemas,
                      Patches patches) {
        this.registry = registry;
        this.caches = caches;
        this.vertx = vertx;
        this.schemas = schemas;
        this.patches = patches;
    }

    /** Handles a resource request; returns false when the path is not a resource path. */
    public boolean handle(Exchange ex) {
        RequestInfo info = RequestInfo.parse(ex.path());
        if (info == null) {
            return false;
        }
        ResourceDef def = registry.catalogue().find(info.group(), info.version(), info.resource()).orElse(null);
        if (def == null) {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource", null);
        }
        if (info.namespace() != null && !def.namespaced()) {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource", null);
        }
        validateQuery(ex);
        String sub = info.subresource() == null ? "" : info.subresource();
        if (!sub.isEmpty() && !def.subresources().contains(sub)) {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource", null);
        }
        String ns = def.namespaced() ? info.namespace() : null;
        String name = info.name();
        String method = ex.method();
        if (name == null) {
            collection(ex, def, ns, method);
        } else if (sub.isEmpty()) {
            item(ex, def, ns, name, method);
        } else {
            subresource(ex, def, ns, name, sub, method);
        }
        return true;
    }

    private void collection(Exchange ex, ResourceDef def, String ns, String method) {
        if (def.namespaced() && ns == null && !method.equals("GET")) {
            if (!(method.equals("POST") && def.kind().equals("Namespace"))) {
                throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
            }
        }
        switch (method) {
            case "GET" -> {
                if (isWatch(ex)) {
                    requireVerb(def, "watch");
                    watch(ex, def, ns, null);
                } else {
                    requireVerb(def, "list");
                    list(ex, def, ns);
                }
            }
            case "POST" -> {
                requireVerb(def, "create");
                RequestContext ctx = context(ex, "create");
                ObjectNode body = decodeBody(ex);
                if (def.kind().equals("Binding") && def.group().isEmpty()) {
                    bind(ex, ns, Json.text(body, "metadata", "name"), body, ctx);
                    return;
                }
                ObjectNode checked = checkFields(def, body, ctx);
                ex.reply(201, registry.writes().create(def, ns, checked, ctx), ctx.warnings());
            }
            case "DELETE" -> {
                requireVerb(def, "deletecollection");
                deleteCollection(ex, def, ns);
            }
            default -> throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
    }

    private void item(Exchange ex, ResourceDef def, String ns, String name, String method) {
        switch (method) {
            case "GET" -> {
                if (isWatch(ex)) {
                    requireVerb(def, "watch");
                    watch(ex, def, ns, name);
                    return;
                }
                requireVerb(def, "get");
                if (output(ex) == MediaTypes.Output.JSON && def.isStorageVersion()) {
                    ex.send(200, MediaTypes.JSON, Buffer.buffer(registry.getJson(def, ns, name)), List.of());
                    return;
                }
                ObjectNode obj = registry.get(def, ns, name);
                replyObject(ex, def, obj, 200, List.of());
            }
            case "PUT" -> {
                requireVerb(def, "update");
                RequestContext ctx = context(ex, "update");
                ObjectNode body = checkFields(def, decodeBody(ex), ctx);
                ex.reply(200, registry.writes().update(def, ns, name, body, "", ctx), ctx.warnings());
            }
            case "PATCH" -> {
                requireVerb(def, "patch");
                patch(ex, def, ns, name, "");
            }
            case "DELETE" -> {
                requireVerb(def, "delete");
                RequestContext ctx = deleteContext(ex);
                Writes.DeleteResult r = registry.writes().delete(def, ns, name, deleteOptions(ex), ctx);
                if (!r.deleted() || def.kind().equals("Pod") && def.group().isEmpty()) {
                    ex.reply(r.deleted() ? 200 : (ctx.dryRun() ? 200 : 200), r.object(), ctx.warnings());
                } else {
                    ObjectNode details = Json.object().put("name", name);
                    if (!def.group().isEmpty()) {
                        details.put("group", def.group());
                    }
                    details.put("kind", def.plural()).put("uid", Json.text(r.object(), "metadata", "uid"));
                    ex.reply(200, ApiException.success(details), ctx.warnings());
                }
            }
            default -> throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
    }

    private void subresource(Exchange ex, ResourceDef def, String ns, String name, String sub, String method) {
        switch (sub) {
            case "status", "finalize", "ephemeralcontainers" -> {
                String effective = sub.equals("ephemeralcontainers") ? "" : sub;
                switch (method) {
                    case "GET" -> ex.reply(200, registry.get(def, ns, name));
                    case "PUT" -> {
                        RequestContext ctx = context(ex, "update");
                        ObjectNode body = checkFields(def, decodeBody(ex), ctx);
                        ex.reply(200, registry.writes().update(def, ns, name, body, effective, ctx), ctx.warnings());
                    }
                    case "PATCH" -> patch(ex, def, ns, name, effective);
                    default -> throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
                }
            }
            case "scale" -> Scale.handle(ex, registry, def, ns, name, context(ex, "update"), patches, schemas);
            case "binding" -> {
                if (!method.equals("POST")) {
                    throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
                }
                bind(ex, ns, name, decodeBody(ex), context(ex, "create"));
            }
            case "eviction" -> {
                if (!method.equals("POST")) {
                    throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
                }
                ObjectNode body = decodeBody(ex);
                RequestContext ctx = context(ex, "create");
                DeleteOptions opts = deleteOptionsFrom(body.path("deleteOptions"), ex);
                registry.writes().delete(def, ns, name, opts, ctx);
                ex.reply(201, ApiException.success(null), ctx.warnings());
            }
            default -> throw new ApiException(503, "ServiceUnavailable",
                    "the " + sub + " subresource of " + def.plural() + " is served by node agents, and none serves "
                            + def.plural() + "/" + name, null);
        }
    }

    /** pods/binding: assigns a pod to a node, once. */
    private void bind(Exchange ex, String ns, String podName, ObjectNode binding, RequestContext ctx) {
        String node = Json.text(binding, "target", "name");
        if (podName == null || podName.isEmpty()) {
            throw ApiException.badRequest("name is required for binding");
        }
        if (node == null || node.isEmpty()) {
            throw ApiException.invalid("", "Binding", podName,
                    List.of(io.jube.api.strategy.FieldError.required("target.name")));
        }
        ResourceDef pods = registry.catalogue().find("", "v1", "pods").orElseThrow();
        registry.writes().mutate(pods, ns, podName, "binding", ctx, pod -> {
            if (pod.path("metadata").has("deletionTimestamp")) {
                throw ApiException.conflict("", "pods", podName, "pod " + podName + " is being deleted, cannot be assigned to a host");
            }
            String current = Json.text(pod, "spec", "nodeName");
            if (current != null && !current.isEmpty()) {
                throw ApiException.conflict("", "pods/binding", podName, "pod " + podName
                        + " is already assigned to node \"" + current + "\"");
            }
            Json.with(pod, "spec").put("nodeName", node);
            ObjectNode status = Json.with(pod, "status");
            com.fasterxml.jackson.databind.node.ArrayNode conds = status.has("conditions")
                    && status.get("conditions").isArray() ? (com.fasterxml.jackson.databind.node.ArrayNode)
                    status.get("conditions") : status.putArray("conditions");
            for (int i = conds.size() - 1; i >= 0; i--) {
                if ("PodScheduled".equals(conds.get(i).path("type").asText())) {
                    conds.remove(i);
                }
            }
            conds.addObject().put("type", "PodScheduled").put("status", "True").putNull("lastProbeTime")
                    .put("lastTransitionTime", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
            return pod;
        });
        ex.reply(201, ApiException.success(null), ctx.warnings());
    }

    // ---- list, watch ----

    private Predicate<ObjectNode> filter(Exchange ex, ResourceDef def, String name) {
        Predicate<ObjectNode> p = Registry.ALL;
        try {
            String ls = ex.param("labelSelector");
            if (ls != null) {
                LabelSelector sel = LabelSelector.parse(ls);
                p = p.and(sel::matches);
            }
            String fs = ex.param("fieldSelector");
            if (fs != null) {
                FieldSelector sel = FieldSelector.parse(fs);
                FieldSelector.validateFields(def.group(), def.kind(), sel);
                p = p.and(sel::matches);
            }
        } catch (SelectorException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (name != null) {
            p = p.and(o -> name.equals(Json.text(o, "metadata", "name")));
        }
        return p;
    }

    private void list(Exchange ex, ResourceDef def, String ns) {
        MediaTypes.Output out = output(ex);
        Predicate<ObjectNode> filter = filter(ex, def, null);
        long limit = longParam(ex, "limit", 0);
        String rvParam = ex.param("resourceVersion");
        String match = ex.param("resourceVersionMatch");
        long revision = 0;
        if (rvParam != null && "Exact".equals(match)) {
            revision = parseRv(rvParam);
        } else if (match != null && !match.equals("NotOlderThan") && !match.equals("Exact")) {
            throw ApiException.badRequest("resourceVersionMatch: Unsupported value: \"" + match + "\"");
        }
        if (out == MediaTypes.Output.JSON && def.isStorageVersion()) {
            Registry.StoredPage stored = registry.listStored(def, ns, filter, Math.max(0, limit), ex.param("continue"),
                    revision);
            ex.send(200, MediaTypes.JSON, Buffer.buffer(Registry.listJson(def, stored)), List.of());
            return;
        }
        Registry.Page page = registry.list(def, ns, filter, Math.max(0, limit), ex.param("continue"), revision);
        ObjectNode list = Registry.listObject(def, page);
        switch (out) {
            case TABLE -> ex.reply(200, Tables.table(def, page.items(), (ObjectNode) list.get("metadata"),
                    ex.param("includeObject")));
            case PARTIAL_METADATA -> {
                ObjectNode pl = Json.object();
                pl.put("kind", "PartialObjectMetadataList").put("apiVersion", "meta.k8s.io/v1");
                pl.set("metadata", list.get("metadata"));
                com.fasterxml.jackson.databind.node.ArrayNode items = pl.putArray("items");
                page.items().forEach(o -> items.add(Tables.partialMetadata(o)));
                ex.reply(200, pl);
            }
            default -> ex.reply(200, list);
        }
    }

    private void watch(Exchange ex, ResourceDef def, String ns, String name) {
        MediaTypes.Output out = output(ex);
        Predicate<ObjectNode> filter = filter(ex, def, name);
        String rv = ex.param("resourceVersion");
        boolean initial = "true".equals(ex.param("sendInitialEvents"));
        long after = rv == null || rv.equals("0") || initial ? -1 : parseRv(rv);
        long timeout = longParam(ex, "timeoutSeconds", 1800 + ThreadLocalRandom.current().nextLong(1800));
        boolean bookmarks = "true".equals(ex.param("allowWatchBookmarks")) || initial;
        String keyPrefix = io.jube.apiserver.registry.Keys.listPrefix(def, ns);
        WatchStream.Output output = ex.webSocket() != null ? webSocketOutput(ex.webSocket()) : chunkedOutput(ex);
        WatchStream stream = new WatchStream(def, keyPrefix, filter, out == MediaTypes.Output.TABLE,
                ex.param("includeObject"), bookmarks, output);
        WatchCache cache = caches.get(def);
        long timer = vertx.setTimer(Math.max(1, timeout) * 1000, t -> {
            cache.unsubscribe(stream);
            stream.finish();
        });
        stream.onClose(s -> {
            cache.unsubscribe(s);
            vertx.cancelTimer(timer);
        });
        if (ex.webSocket() != null) {
            ex.webSocket().closeHandler(v -> stream.finish());
            ex.webSocket().exceptionHandler(e -> stream.finish());
        } else {
            HttpServerResponse resp = ex.request().response();
            resp.closeHandler(v -> stream.finish());
            resp.exceptionHandler(e -> stream.finish());
        }
        long startRev;
        try {
            startRev = cache.subscribe(after, stream);
        } catch (ApiException e) {
            // past parsing, kube-apiserver reports watch errors (410 for a too-old resourceVersion)
            // as an ERROR event on a 200 stream, not as the response status
            stream.close(e);
            return;
        }
        if (initial) {
            stream.initialEventsEnd(startRev);
        }
        if (ex.webSocket() == null && !ex.request().response().headWritten()) {
            ex.request().response().write(Buffer.buffer());
        }
    }

    private static WatchStream.Output chunkedOutput(Exchange ex) {
        HttpServerResponse resp = ex.request().response();
        // a watcher may lag this far behind before it is dropped (and relists), as Kubernetes buffers
        resp.setWriteQueueMaxSize(WATCH_QUEUE_BYTES);
        resp.setChunked(true);
        resp.setStatusCode(200);
        resp.putHeader("Content-Type", "application/json");
        resp.putHeader("Cache-Control", "no-cache, private");
        return new WatchStream.Output() {
            @Override
            public boolean write(Buffer event) {
                if (resp.closed() || resp.ended()) {
                    return true;
                }
                try {
                    resp.write(event);
                    return !resp.writeQueueFull();
                } catch (IllegalStateException closedMeanwhile) {
                    return true; // the connection closed on its event loop after the check above
                }
            }

            @Override
            public void end() {
                try {
                    if (!resp.closed() && !resp.ended()) {
                        resp.end();
                    }
                } catch (IllegalStateException closedMeanwhile) {
                    // already gone: nothing left to end
                }
            }
        };
    }

    /** Each watch event is one WebSocket text frame, as kube-apiserver sends them. */
    private static final int WATCH_QUEUE_BYTES = 4 * 1024 * 1024;

    private static WatchStream.Output webSocketOutput(io.vertx.core.http.ServerWebSocket ws) {
        ws.setWriteQueueMaxSize(WATCH_QUEUE_BYTES);
        return new WatchStream.Output() {
            @Override
            public boolean write(Buffer event) {
                if (ws.isClosed()) {
                    return true;
                }
                try {
                    ws.writeTextMessage(event.toString(java.nio.charset.StandardCharsets.UTF_8).stripTrailing());
                    return !ws.writeQueueFull();
                } catch (IllegalStateException closedMeanwhile) {
                    return true; // the socket closed on its event loop after the check above
                }
            }

            @Override
            public void end() {
                try {
                    if (!ws.isClosed()) {
                        ws.close();
                    }
                } catch (IllegalStateException closedMeanwhile) {
                    // already gone
                }
            }
        };
    }

    // ---- patch, delete ----

    private void patch(Exchange ex, ResourceDef def, String ns, String name, String sub) {
        String type = MediaTypes.base(ex.header("Content-Type"));
        boolean apply = type.equals(MediaTypes.APPLY_PATCH);
        RequestContext ctx = context(ex, apply ? null : "patch");
        if (apply && (ex.param("fieldManager") == null)) {
            throw ApiException.invalid("meta.k8s.io", "PatchOptions", "", List.of(
                    io.jube.api.strategy.FieldError.required("fieldManager", "is required for apply patch")));
        }
        JsonNode patch = parseBytes(ex.body().getBytes(), apply ? MediaTypes.YAML : MediaTypes.JSON);
        boolean force = ex.param("force") != null && Boolean.TRUE.equals(parseBool(ex.param("force")));
        ex.reply(200, patches.patch(def, ns, name, sub, type, patch, force, ctx), ctx.warnings());
    }

    /** A delete's context: dry run may also come from the DeleteOptions body. */
    private RequestContext deleteContext(Exchange ex) {
        RequestContext ctx = context(ex, "delete");
        if (!ctx.dryRun() && ex.body().length() > 0) {
            JsonNode body = parseBytes(ex.body().getBytes(), contentType(ex));
            if (body.path("dryRun").isArray() && !body.path("dryRun").isEmpty()) {
                deleteOptionsFrom(body, ex);
                return new RequestContext(ctx.user(), ctx.fieldManager(), true, ctx.fieldValidation());
            }
        }
        return ctx;
    }

    private void deleteCollection(Exchange ex, ResourceDef def, String ns) {
        RequestContext ctx = deleteContext(ex);
        Predicate<ObjectNode> filter = filter(ex, def, null);
        Registry.Page page = registry.list(def, ns, filter, 0, null, 0);
        DeleteOptions opts = deleteOptions(ex);
        List<ObjectNode> deleted = new ArrayList<>();
        for (ObjectNode o : page.items()) {
            try {
                deleted.add(registry.writes().delete(def, Json.text(o, "metadata", "namespace"),
                        Json.text(o, "metadata", "name"), opts, ctx).object());
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
        ex.reply(200, Registry.listObject(def, new Registry.Page(deleted, page.revision(), null, null)), ctx.warnings());
    }

    private DeleteOptions deleteOptions(Exchange ex) {
        JsonNode body = ex.body().length() == 0 ? Json.object() : parseBytes(ex.body().getBytes(), contentType(ex));
        return deleteOptionsFrom(body, ex);
    }

    private DeleteOptions deleteOptionsFrom(JsonNode body, Exchange ex) {
        if (!body.isObject() && !body.isMissingNode()) {
            throw ApiException.badRequest("DeleteOptions must be an object");
        }
        JsonNode g = body.path("gracePeriodSeconds");
        if (!g.isMissingNode() && !g.isNull() && !g.isIntegralNumber()) {
            throw ApiException.badRequest("json: cannot unmarshal " + g.getNodeType().name().toLowerCase()
                    + " into Go struct field DeleteOptions.gracePeriodSeconds of type int64");
        }
        JsonNode dry = body.path("dryRun");
        if (!dry.isMissingNode() && !dry.isNull()) {
            if (!dry.isArray()) {
                throw ApiException.badRequest("json: cannot unmarshal into Go struct field DeleteOptions.dryRun of type []string");
            }
            for (JsonNode d : dry) {
                if (!"All".equals(d.asText())) {
                    throw ApiException.invalid("meta.k8s.io", "DeleteOptions", "", List.of(io.jube.api.strategy
                            .FieldError.notSupported("dryRun", d, List.of("All"))));
                }
            }
        }
        JsonNode pp = body.path("propagationPolicy");
        if (body.hasNonNull("orphanDependents") && pp.isTextual()) {
            throw ApiException.invalid("meta.k8s.io", "DeleteOptions", "", List.of(io.jube.api.strategy.FieldError
                    .invalid("propagationPolicy", pp, "orphanDependents and deletionPropagation cannot be both set")));
        }
        Long grace = body.hasNonNull("gracePeriodSeconds") ? body.get("gracePeriodSeconds").asLong() : null;
        if (ex.param("gracePeriodSeconds") != null) {
            grace = longParam(ex, "gracePeriodSeconds", 0);
        }
        String policy = body.hasNonNull("propagationPolicy") ? body.get("propagationPolicy").asText() : null;
        if (ex.param("propagationPolicy") != null) {
            policy = ex.param("propagationPolicy");
        }
        if (policy == null && body.has("orphanDependents") && !body.get("orphanDependents").isNull()) {
            policy = body.get("orphanDependents").asBoolean() ? "Orphan" : "Background";
        }
        JsonNode pre = body.path("preconditions");
        return new DeleteOptions(grace, policy, pre.hasNonNull("uid") ? pre.get("uid").asText() : null,
                pre.hasNonNull("resourceVersion") ? pre.get("resourceVersion").asText() : null);
    }

    // ---- helpers ----

    private void replyObject(Exchange ex, ResourceDef def, ObjectNode obj, int code, List<String> warnings) {
        MediaTypes.Output out = output(ex);
        if (out == MediaTypes.Output.TABLE) {
            ex.reply(code, Tables.table(def, List.of(obj), Json.object()
                    .put("resourceVersion", Json.text(obj, "metadata", "resourceVersion")), ex.param("includeObject")));
        } else if (out == MediaTypes.Output.PARTIAL_METADATA) {
            ex.reply(code, Tables.partialMetadata(obj));
        } else {
            ex.reply(code, obj, warnings);
        }
    }

    private static MediaTypes.Output output(Exchange ex) {
        MediaTypes.Output out = MediaTypes.output(ex.header("Accept"));
        if (out == null) {
            throw ApiException.notAcceptable("only the following media types are accepted: application/json, "
                    + "application/yaml, application/json;as=Table;v=v1;g=meta.k8s.io");
        }
        return out;
    }

    private static boolean isWatch(Exchange ex) {
        String w = ex.param("watch");
        return w != null && Boolean.TRUE.equals(parseBool(w));
    }

    private static void requireVerb(ResourceDef def, String verb) {
        if (!def.verbs().contains(verb)) {
            throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
    }

    private static long longParam(Exchange ex, String name, long dflt) {
        String v = ex.param(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid value for " + name + ": " + v);
        }
    }

    private static long parseRv(String rv) {
        try {
            long v = Long.parseLong(rv);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid resource version: " + rv);
        }
    }

    /** The request's context: dry run, field manager (default from the User-Agent), field validation. */
    RequestContext context(Exchange ex, String defaultManagerSuffix) {
        List<String> dry = ex.params().getAll("dryRun");
        for (String d : dry) {
            if (!d.equals("All")) {
                throw ApiException.badRequest("dryRun: Unsupported value: \"" + d + "\": supported values: \"All\"");
            }
        }
        String manager = ex.param("fieldManager");
        if (manager == null) {
            String ua = ex.header("User-Agent");
            manager = ua == null || ua.isEmpty() ? "unknown" : ua.split("/")[0];
        }
        if (manager.length() > 128) {
            throw ApiException.invalid("meta.k8s.io", "PatchOptions", "", List.of(
                    io.jube.api.strategy.FieldError.tooLong("fieldManager", 128)));
        }
        String fv = ex.param("fieldValidation");
        RequestContext.FieldValidation v = RequestContext.FieldValidation.WARN;
        if (fv != null) {
            v = switch (fv) {
                case "Strict" -> RequestContext.FieldValidation.STRICT;
                case "Warn" -> RequestContext.FieldValidation.WARN;
                case "Ignore" -> RequestContext.FieldValidation.IGNORE;
                default -> throw ApiException.badRequest("fieldValidation: Unsupported value: \"" + fv
                        + "\": supported values: \"Ignore\", \"Strict\", \"Warn\"");
            };
        }
        return new RequestContext(ex.user(), manager, !dry.isEmpty(), v);
    }

    private static String contentType(Exchange ex) {
        String t = MediaTypes.base(ex.header("Content-Type"));
        return t.isEmpty() ? MediaTypes.JSON : t;
    }

    /** Decodes a JSON or YAML object body (400 for anything else). */
    ObjectNode decodeBody(Exchange ex) {
        String type = contentType(ex);
        if (type.equals(MediaTypes.PROTOBUF)) {
            return decodeProtobuf(ex.body().getBytes());
        }
        if (!type.equals(MediaTypes.JSON) && !type.equals(MediaTypes.YAML) && !type.equals("text/yaml")
                && !type.equals("application/x-yaml")) {
            throw ApiException.unsupportedMediaType(type);
        }
        JsonNode n = parseBytes(ex.body().getBytes(), type);
        if (!(n instanceof ObjectNode o)) {
            throw ApiException.badRequest("Object 'Kind' is missing in '" + abbreviate(ex.body().toString()) + "'");
        }
        return o;
    }

    /** A Kubernetes protobuf body (kubectl's generators send them) as its JSON form. */
    static ObjectNode decodeProtobuf(byte[] bytes) {
        if (bytes.length == 0) {
            throw ApiException.badRequest("the body of the request was empty");
        }
        try {
            return io.jube.api.proto.KubeProtobuf.decode(bytes);
        } catch (io.jube.api.proto.ProtobufException e) {
            throw ApiException.badRequest("the body of the request could not be decoded as protobuf: " + e.getMessage());
        }
    }

    static JsonNode parseBytes(byte[] bytes, String type) {
        if (bytes.length == 0) {
            throw ApiException.badRequest("the body of the request was empty");
        }
        try {
            boolean yaml = type.contains("yaml");
            JsonNode n = yaml ? readSingleYaml(bytes) : STRICT_JSON.readTree(bytes);
            if (n == null || n.isMissingNode()) {
                throw ApiException.badRequest("the body of the request was empty");
            }
            return n;
        } catch (IOException e) {
            String msg = e.getMessage() == null ? "malformed" : e.getMessage().split("\n")[0];
            if (msg.startsWith("Duplicate field")) {
                throw ApiException.badRequest("strict decoding error: json: " + msg.toLowerCase());
            }
            throw ApiException.badRequest("couldn't get version/kind; json parse error: " + msg);
        }
    }

    /** One YAML document; a second document or trailing content is an error. */
    private static JsonNode readSingleYaml(byte[] bytes) throws IOException {
        // compose first: rejects undefined aliases and alias bombs that Jackson's reader lets through
        org.yaml.snakeyaml.LoaderOptions opts = new org.yaml.snakeyaml.LoaderOptions();
        opts.setMaxAliasesForCollections(100);
        opts.setAllowDuplicateKeys(false);
        opts.setCodePointLimit(io.jube.apiserver.ApiServer.MAX_BODY);
        try {
            int docs = 0;
            for (org.yaml.snakeyaml.nodes.Node ignored : new org.yaml.snakeyaml.Yaml(opts).composeAll(
                    new java.io.InputStreamReader(new java.io.ByteArrayInputStream(bytes),
                            java.nio.charset.StandardCharsets.UTF_8))) {
                if (++docs > 1) {
                    throw ApiException.badRequest("the body of the request must hold exactly one YAML document");
                }
            }
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            String msg = e.getMessage() == null ? "malformed YAML" : e.getMessage().split("\n")[0];
            throw ApiException.badRequest("error converting YAML to JSON: yaml: " + msg);
        }
        try (com.fasterxml.jackson.databind.MappingIterator<JsonNode> it = Json.YAML.readerFor(JsonNode.class)
                .readValues(bytes)) {
            JsonNode first = it.hasNextValue() ? it.nextValue() : null;
            if (it.hasNextValue()) {
                throw ApiException.badRequest("the body of the request must hold exactly one YAML document");
            }
            return first;
        }
    }

    /** Go's strconv.ParseBool, which Kubernetes uses for boolean query parameters. */
    static Boolean parseBool(String v) {
        return switch (v) {
            case "1", "t", "T", "TRUE", "true", "True" -> Boolean.TRUE;
            case "0", "f", "F", "FALSE", "false", "False" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** Rejects malformed query parameters with 400, as decoding Kubernetes' options does. */
    static void validateQuery(Exchange ex) {
        for (String name : ex.params().names()) {
            for (String v : ex.params().getAll(name)) {
                if (BOOL_PARAMS.contains(name) && !v.isEmpty() && parseBool(v) == null) {
                    throw ApiException.badRequest("invalid boolean value for " + name + ": \"" + v + "\"");
                }
                if (INT_PARAMS.contains(name) && !v.isEmpty()) {
                    try {
                        Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        throw ApiException.badRequest("invalid integer value for " + name + ": \"" + v + "\"");
                    }
                }
            }
        }
        String rv = ex.param("resourceVersion");
        if (rv != null) {
            parseRv(rv);
        }
        if (ex.param("resourceVersionMatch") != null && rv == null && ex.param("sendInitialEvents") == null) {
            throw ApiException.invalid("meta.k8s.io", "ListOptions", "", List.of(io.jube.api.strategy.FieldError
                    .forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided")));
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /** Prunes unknown fields and checks types against the resource's schema. */
    ObjectNode checkFields(ResourceDef def, ObjectNode body, RequestContext ctx) {
        FieldCheck.apply(def, body, schemas.apply(def), ctx);
        return body;
    }

}
