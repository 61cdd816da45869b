package io.jube.api.openapi;

import io.jube.api.catalogue.ResourceDef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The REST operations Kubernetes documents for a resource, independent of OpenAPI dialect: the
 * collection and item paths (namespaced and across namespaces), the legacy watch paths, and the
 * status and scale subresources, each with its query parameters, body and response types.
 */
final class Routes {
    static final String PATCH_TYPE = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";
    static final String STATUS_TYPE = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";
    static final String DELETE_OPTIONS_TYPE = "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions";
    static final String WATCH_EVENT_TYPE = "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent";
    static final String SCALE_TYPE = "io.k8s.api.autoscaling.v1.Scale";

    static final List<String> PATCH_CONSUMES = List.of("application/json-patch+json",
            "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml");
    static final List<String> PRODUCES = List.of("application/json", "application/yaml",
            "application/vnd.kubernetes.protobuf");
    static final List<String> PRODUCES_STREAM = List.of("application/json", "application/yaml",
            "application/vnd.kubernetes.protobuf", "application/json;stream=watch",
            "application/vnd.kubernetes.protobuf;stream=watch");

    /** A parameter; {@code in} is "path", "query" or "body" (body parameters carry {@code schemaRef}). */
    record Param(String name, String in, String type, String description, boolean required, String schemaRef) {
        static Param query(String name, String type, String description) {
            return new Param(name, "query", type, description, false, null);
        }
    }

    /** A group/version/kind as the x-kubernetes-group-version-kind extension spells it. */
    record Gvk(String group, String version, String kind) {
    }

    /**
     * One operation. {@code responses} maps status codes to a definition name (null: no body).
     */
    record Operation(String method, String action, String operationId, String description, String tag,
                     List<Param> params, List<String> consumes, List<String> produces,
                     Map<String, String> responses, Gvk gvk) {
    }

    /** One path with its shared parameters and operations by HTTP method (lower case). */
    record Path(String path, List<Param> params, Map<String, Operation> operations) {
    }

    private static final Param PRETTY = Param.query("pretty", "string",
            "If 'true', then the output is pretty printed. Defaults to 'false' unless the user-agent indicates a "
                    + "browser or command-line HTTP tool (curl and wget).");
    private static final Param NAMESPACE = new Param("namespace", "path", "string",
            "object name and auth scope, such as for teams and projects", true, null);
    private static final Param DRY_RUN = Param.query("dryRun", "string",
            "When present, indicates that modifications should not be persisted. An invalid or unrecognized "
                    + "dryRun directive will result in an error response and no further processing of the request. "
                    + "Valid values are: - All: all dry run stages will be processed");
    private static final Param FIELD_MANAGER = Param.query("fieldManager", "string",
            "fieldManager is a name associated with the actor or entity that is making these changes. The value "
                    + "must be less than or 128 characters long, and only contain printable characters.");
    private static final Param FIELD_VALIDATION = Param.query("fieldValidation", "string",
            "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) "
                    + "containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict");
    private static final Param FORCE = Param.query("force", "boolean",
            "Force is going to \"force\" Apply requests. It means user will re-acquire conflicting fields owned "
                    + "by other people. Force flag must be unset for non-apply patch requests.");
    private static final List<Param> LIST_PARAMS = List.of(
            Param.query("allowWatchBookmarks", "boolean", "allowWatchBookmarks requests watch events with type "
                    + "\"BOOKMARK\"."),
            Param.query("continue", "string", "The continue option should be set when retrieving more results "
                    + "from the server."),
            Param.query("fieldSelector", "string", "A selector to restrict the list of returned objects by their "
                    + "fields. Defaults to everything."),
            Param.query("labelSelector", "string", "A selector to restrict the list of returned objects by their "
                    + "labels. Defaults to everything."),
            Param.query("limit", "integer", "limit is a maximum number of responses to return for a list call."),
            Param.query("resourceVersion", "string", "resourceVersion sets a constraint on what resource versions "
                    + "a request may be served from."),
            Param.query("resourceVersionMatch", "string", "resourceVersionMatch determines how resourceVersion is "
                    + "applied to list calls."),
            Param.query("sendInitialEvents", "boolean", "`sendInitialEvents=true` may be set together with "
                    + "`watch=true`: the watch stream begins with synthetic events for the current state."),
            Param.query("timeoutSeconds", "integer", "Timeout for the list/watch call."),
            Param.query("watch", "boolean", "Watch for changes to the described resources and return them as a "
                    + "stream of add, update, and remove notifications."));
    private static final List<Param> DELETE_PARAMS = List.of(
            new Param("body", "body", null, null, false, DELETE_OPTIONS_TYPE),
            DRY_RUN,
            Param.query("gracePeriodSeconds", "integer", "The duration in seconds before the object should be "
                    + "deleted. Zero means delete immediately."),
            Param.query("orphanDependents", "boolean", "Deprecated: please use the PropagationPolicy."),
            Param.query("propagationPolicy", "string", "Whether and how garbage collection will be performed. "
                    + "Acceptable values are: 'Orphan', 'Background', 'Foreground'."));

    private Routes() {
    }

    /** The paths of one resource, with the given type names for the object and its list. */
    static List<Path> of(ResourceDef def, String objectType, String listType) {
        Gvk gvk = new Gvk(def.group(), def.version(), def.kind());
        String prefix = def.group().isEmpty() ? "/api/" + def.version() : "/apis/" + def.group() + "/" + def.version();
        String ns = def.namespaced() ? "/namespaces/{namespace}" : "";
        String scope = def.namespaced() ? "Namespaced" : "";
        String gvName = gvName(def);
        String tag = tag(def);
        Param name = new Param("name", "path", "string", "name of the " + def.kind(), true, null);
        List<Param> collectionParams = def.namespaced() ? List.of(NAMESPACE, PRETTY) : List.of(PRETTY);
        List<Param> itemParams = def.namespaced() ? List.of(name, NAMESPACE, PRETTY) : List.of(name, PRETTY);
        Ops ops = new Ops(def, gvk, gvName, tag);

        List<Path> out = new ArrayList<>();
        Map<String, Operation> collection = new LinkedHashMap<>();
        ops.add(collection, "list", "get", "list", scope, listType);
        ops.add(collection, "create", "post", "post", scope, objectType);
        ops.add(collection, "deletecollection", "delete", "deletecollection", scope, objectType);
        add(out, prefix + ns + "/" + def.plural(), collectionParams, collection);

        Map<String, Operation> item = new LinkedHashMap<>();
        ops.add(item, "get", "get", "read", scope, objectType);
        ops.add(item, "update", "put", "replace", scope, objectType);
        ops.add(item, "patch", "patch", "patch", scope, objectType);
        ops.add(item, "delete", "delete", "delete", scope, objectType);
        add(out, prefix + ns + "/" + def.plural() + "/{name}", itemParams, item);

        for (String sub : List.of("status", "scale")) {
            if (!def.subresources().contains(sub)) {
                continue;
            }
            String type = sub.equals("scale") ? SCALE_TYPE : objectType;
            String suffix = Character.toUpperCase(sub.charAt(0)) + sub.substring(1);
            Gvk subGvk = sub.equals("scale") ? new Gvk("autoscaling", "v1", "Scale") : gvk;
            Ops subOps = new Ops(def, subGvk, gvName, tag, def.kind() + suffix);
            Map<String, Operation> subOpsByMethod = new LinkedHashMap<>();
            subOps.add(subOpsByMethod, "get", "get", "read", scope, type);
            subOps.add(subOpsByMethod, "update", "put", "replace", scope, type);
            subOps.add(subOpsByMethod, "patch", "patch", "patch", scope, type);
            add(out, prefix + ns + "/" + def.plural() + "/{name}/" + sub, itemParams, subOpsByMethod);
        }

        if (def.namespaced()) {
            Map<String, Operation> all = new LinkedHashMap<>();
            ops.add(all, "list", "get", "list", "", listType, "ForAllNamespaces");
            add(out, prefix + "/" + def.plural(), List.of(PRETTY), all);
            Map<String, Operation> watchAll = new LinkedHashMap<>();
            ops.add(watchAll, "watch", "get", "watchlist", "", WATCH_EVENT_TYPE, "ListForAllNamespaces");
            add(out, prefix + "/watch/" + def.plural(), List.of(PRETTY), watchAll);
        }
        Map<String, Operation> watchList = new LinkedHashMap<>();
        ops.add(watchList, "watch", "get", "watchlist", scope, WATCH_EVENT_TYPE, "List");
        add(out, prefix + "/watch" + ns + "/" + def.plural(), collectionParams, watchList);
        Map<String, Operation> watchOne = new LinkedHashMap<>();
        ops.add(watchOne, "watch", "get", "watch", scope, WATCH_EVENT_TYPE);
        add(out, prefix + "/watch" + ns + "/" + def.plural() + "/{name}", itemParams, watchOne);
        return out;
    }

    private static void add(List<Path> out, String path, List<Param> params, Map<String, Operation> ops) {
        if (!ops.isEmpty()) {
            out.add(new Path(path, params, ops));
        }
    }

    /** Builds the operations of one resource, skipping verbs it does not serve. */
    private record Ops(ResourceDef def, Gvk gvk, String gvName, String tag, String kindName) {
        Ops(ResourceDef def, Gvk gvk, String gvName, String tag) {
            this(def, gvk, gvName, tag, def.kind());
        }

        void add(Map<String, Operation> into, String verb, String method, String action, String scope,
                 String type) {
            add(into, verb, method, action, scope, type, "");
        }

        void add(Map<String, Operation> into, String verb, String method, String action, String scope,
                 String type, String idSuffix) {
            if (!def.verbs().contains(verb)) {
                return;
            }
            String idVerb = switch (action) {
                case "post" -> "create";
                case "deletecollection" -> "deleteCollection";
                case "watchlist" -> "watch";
                default -> action;
            };
            String id = idVerb + gvName + scope + kindName + idSuffix;
            List<Param> params = new ArrayList<>();
            List<String> consumes = List.of("*/*");
            List<String> produces = PRODUCES;
            Map<String, String> responses = new LinkedHashMap<>();
            responses.put("200", type);
            String what = kindName.equals(def.kind()) ? "the specified " + def.kind()
                    : kindName.substring(def.kind().length()).toLowerCase() + " of the specified " + def.kind();
            String description;
            switch (action) {
                case "list" -> {
                    params.addAll(LIST_PARAMS);
                    produces = PRODUCES_STREAM;
                    description = "list or watch objects of kind " + def.kind();
                }
                case "watch", "watchlist" -> {
                    params.addAll(LIST_PARAMS);
                    produces = PRODUCES_STREAM;
                    description = "watch changes to " + (action.equals("watch") ? "an object" : "a list")
                            + " of kind " + def.kind();
                }
                case "post" -> {
                    params.add(new Param("body", "body", null, null, true, type));
                    params.addAll(List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION));
                    responses.put("201", type);
                    responses.put("202", type);
                    description = "create a " + def.kind();
                }
                case "replace" -> {
                    params.add(new Param("body", "body", null, null, true, type));
                    params.addAll(List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION));
                    responses.put("201", type);
                    description = "replace " + what;
                }
                case "patch" -> {
                    params.add(new Param("body", "body", null, null, true, PATCH_TYPE));
                    params.addAll(List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE));
                    consumes = PATCH_CONSUMES;
                    responses.put("201", type);
                    description = "partially update " + what;
                }
                case "delete" -> {
                    params.addAll(DELETE_PARAMS);
                    responses.put("202", type);
                    description = "delete a " + def.kind();
                }
                case "deletecollection" -> {
                    params.addAll(DELETE_PARAMS);
                    params.addAll(LIST_PARAMS.stream().filter(p -> !p.name().equals("watch")
                            && !p.name().equals("allowWatchBookmarks")).toList());
                    responses.put("200", STATUS_TYPE);
                    description = "delete collection of " + def.kind();
                }
                default -> description = "read " + what;
            }
            responses.put("401", null);
            into.put(method, new Operation(method, action, id, description, tag, params, consumes, produces,
                    responses, gvk));
        }
    }

    /** "CoreV1", "AppsV1", "RbacAuthorizationV1", "NetworkingV1": as Kubernetes operation ids spell them. */
    static String gvName(ResourceDef def) {
        String g = def.group().isEmpty() ? "core" : def.group().replaceFirst("\\.k8s\\.io$", "");
        StringBuilder sb = new StringBuilder();
        for (String part : g.split("[.-]")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        String v = def.version();
        return sb.append(Character.toUpperCase(v.charAt(0))).append(v.substring(1)).toString();
    }

    /** "core_v1", "apps_v1", "rbacAuthorization_v1". */
    static String tag(ResourceDef def) {
        String n = gvName(def);
        String group = n.substring(0, n.length() - def.version().length());
        return Character.toLowerCase(group.charAt(0)) + group.substring(1) + "_" + def.version();
    }
}
