package io.jube.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.catalogue.ResourceDef;
import io.jube.api.patch.JsonValues;
import io.jube.api.strategy.FieldError;
import io.jube.apiserver.ApiException;
import io.jube.store.KeyValue;
import io.jube.store.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Writes of the generic registry: create, update (main resource and subresources), read-modify-write
 * with retries (patch, scale, binding) and deletion with finalizers and grace periods.
 */
public final class Writes {
    /** Kinds whose metadata.generation Kubernetes tracks (custom resources always do). */
    private static final Set<String> GENERATION_KINDS = Set.of("Deployment", "ReplicaSet", "StatefulSet",
            "DaemonSet", "ReplicationController", "Job", "CronJob", "PodDisruptionBudget",
            "CustomResourceDefinition", "NetworkPolicy", "Ingress", "HorizontalPodAutoscaler");
    /** Kinds whose status is accepted on create (the kubelet registers a Node with its status). */
    private static final Set<String> STATUS_ON_CREATE = Set.of("Node");
    private static final Set<String> UNDELETABLE_NAMESPACES = Set.of("default", "kube-system", "kube-public");
    private static final int MAX_RETRIES = 32;
    /** New names tried after a generated name collides (KEP-4420's 7). */
    private static final int GENERATE_NAME_RETRIES = 7;

    private final Registry registry;
    private final Hooks hooks = new Hooks();

    Writes(Registry registry) {
        this.registry = registry;
    }

    public Hooks hooks() {
        return hooks;
    }

    static boolean tracksGeneration(ResourceDef def) {
        return def.modelClass() == null || GENERATION_KINDS.contains(def.kind());
    }

    // ---- create ----

    public Served create(ResourceDef def, String ns, ObjectNode body, RequestContext ctx) {
        ObjectNode obj = body.deepCopy();
        checkTypeMeta(def, obj);
        ObjectNode meta = Json.with(obj, "metadata");
        if (def.namespaced()) {
            String bodyNs = Json.text(meta, "namespace");
            if (bodyNs != null && !bodyNs.isEmpty() && ns != null && !bodyNs.equals(ns)) {
                throw ApiException.badRequest(
                        "the namespace of the provided object does not match the namespace sent on the request");
            }
            meta.put("namespace", ns);
        } else {
            meta.remove("namespace");
        }
        String name = Json.text(meta, "name");
        boolean generated = name == null || name.isEmpty();
        if (generated) {
            String base = Json.text(meta, "generateName");
            if (base == null || base.isEmpty()) {
                throw ApiException.invalid(def.group(), def.kind(), "",
                        List.of(FieldError.required("metadata.name", "name or generateName is required")));
            }
            name = registry.generateName(base);
            meta.put("name", name);
        }
        if (def.namespaced()) {
            requireNamespaceOpen(ns);
        }
        meta.put("uid", Registry.newUid());
        meta.put("creationTimestamp", registry.now().toString());
        meta.remove("resourceVersion");
        meta.remove("deletionTimestamp");
        meta.remove("deletionGracePeriodSeconds");
        meta.remove("selfLink");
        if (tracksGeneration(def)) {
            meta.put("generation", 1);
        } else {
            meta.remove("generation");
        }
        if (def.hasStatus() && !STATUS_ON_CREATE.contains(def.kind())) {
            obj.remove("status");
        }
        ObjectNode stored = toStorage(def, obj);
        hooks.beforeCreate(def, stored, ctx);
        def.strategy().applyDefaults(stored);
        def.strategy().prepareForCreate(stored);
        List<FieldError> errors = new ArrayList<>(hooks.validateMeta(def, stored));
        errors.addAll(def.strategy().validate(stored));
        Registry.requireValid(def, name, errors);
        for (Admission a : registry.admissions()) {
            a.admit(Admission.Operation.CREATE, def, stored, null, ctx);
        }
        hooks.recordManagedFields(def, null, stored, "", ctx);
        if (ctx.dryRun()) {
            return Served.of(Registry.toServed(def, stored));
        }
        meta = (ObjectNode) stored.get("metadata");
        for (int attempt = 0; ; attempt++) {
            byte[] bytes = Registry.encode(stored);
            try {
                KeyValue kv = registry.store().create(Keys.key(def, ns, name), bytes, hooks.leaseFor(def));
                meta.put("resourceVersion", Long.toString(kv.modRevision()));
                return served(def, stored, bytes, kv.modRevision());
            } catch (StoreException e) {
                if (generated && e.code() == StoreException.Code.ALREADY_EXISTS && attempt < GENERATE_NAME_RETRIES) {
                    // a generated name collided: pick another, as kube-apiserver does since 1.32 (KEP-4420)
                    name = registry.generateName(Json.text(meta, "generateName"));
                    meta.put("name", name);
                    continue;
                }
                throw Registry.mapStoreError(def, name, e);
            }
        }
    }

    /** The object just stored as {@code bytes} at {@code revision}, as the request's version serves it. */
    private static Served served(ResourceDef def, ObjectNode storedObj, byte[] bytes, long revision) {
        return def.isStorageVersion() ? Served.stored(storedObj, bytes, revision)
                : Served.of(Registry.toServed(def, storedObj));
    }

    private void checkTypeMeta(ResourceDef def, ObjectNode obj) {
        String apiVersion = Json.text(obj, "apiVersion");
        String kind = Json.text(obj, "kind");
        if (apiVersion != null && !apiVersion.isEmpty() && !apiVersion.equals(def.groupVersion())) {
            throw ApiException.badRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (" + def.groupVersion() + ")");
        }
        if (kind != null && !kind.isEmpty() && !kind.equals(def.kind())) {
            throw ApiException.badRequest("the kind in the data (" + kind
                    + ") does not match the expected kind (" + def.kind() + ")");
        }
        obj.put("apiVersion", def.groupVersion());
        obj.put("kind", def.kind());
    }

    /** Whether a namespace, as stored at a revision, is terminating: parsed once per namespace change. */
    private record NamespaceState(long revision, boolean terminating) {
    }

    private final Map<String, NamespaceState> namespaces = new ConcurrentHashMap<>();

    private void requireNamespaceOpen(String ns) {
        ResourceDef nsDef = registry.catalogue().find("", "v1", "namespaces").orElseThrow();
        KeyValue kv = registry.store().get(Keys.key(nsDef, null, ns)).orElse(null);
        if (kv == null) {
            namespaces.remove(ns);
            throw ApiException.notFound("", "namespaces", ns);
        }
        NamespaceState state = namespaces.get(ns);
        if (state == null || state.revision() != kv.modRevision()) {
            state = new NamespaceState(kv.modRevision(), Json.parse(kv.value()).path("metadata").has("deletionTimestamp"));
            namespaces.put(ns, state);
        }
        if (state.terminating()) {
            ObjectNode details = Json.object();
            details.putArray("causes").addObject().put("reason", "NamespaceTerminating")
                    .put("message", "namespace " + ns + " is being terminated").put("field", "metadata.namespace");
            throw new ApiException(403, "Forbidden", "unable to create new content in namespace " + ns
                    + " because it is being terminated", details);
        }
    }

    private static ObjectNode toStorage(ResourceDef def, ObjectNode served) {
        return def.isStorageVersion() ? served : def.conversion().toStorage(served);
    }

    // ---- update ----

    /** PUT of the object (subresource "") or of its status/finalize subresource. */
    public Served update(ResourceDef def, String ns, String name, ObjectNode body, String subresource,
                         RequestContext ctx) {
        ObjectNode newObj = body.deepCopy();
        checkTypeMeta(def, newObj);
        String bodyName = Json.text(newObj, "metadata", "name");
        if (bodyName != null && !bodyName.isEmpty() && !bodyName.equals(name)) {
            throw ApiException.badRequest("the name of the object (" + bodyName
                    + ") does not match the name on the URL (" + name + ")");
        }
        String bodyNs = Json.text(newObj, "metadata", "namespace");
        if (def.namespaced() && bodyNs != null && !bodyNs.isEmpty() && !bodyNs.equals(ns)) {
            throw ApiException.badRequest(
                    "the namespace of the provided object does not match the namespace sent on the request");
        }
        String rv = Json.text(newObj, "metadata", "resourceVersion");
        if (rv != null && !rv.isEmpty()) {
            long expected = parseRv(rv);
            ObjectNode old = registry.getStored(def, ns, name)
                    .orElseThrow(() -> ApiException.notFound(def.group(), def.plural(), name));
            if (revisionOf(old) != expected) {
                throw ApiException.staleVersion(def.group(), def.plural(), name);
            }
            try {
                return commit(def, ns, name, old, newObj, subresource, ctx);
            } catch (RetryableConflict e) {
                throw ApiException.staleVersion(def.group(), def.plural(), name);
            }
        }
        return mutate(def, ns, name, subresource, ctx, current -> {
            ObjectNode copy = newObj.deepCopy();
            Json.with(copy, "metadata").put("resourceVersion", Json.text(current, "metadata", "resourceVersion"));
            return copy;
        });
    }

    /**
     * Read-modify-write: {@code change} gets the current served object (a copy) and returns the
     * desired one; retried on conflicts unless the change itself set a different resourceVersion
     * (an explicit precondition).
     */
    public Served mutate(ResourceDef def, String ns, String name, String subresource, RequestContext ctx,
                         UnaryOperator<ObjectNode> change) {
        for (int attempt = 0; ; attempt++) {
            ObjectNode old = registry.getStored(def, ns, name)
                    .orElseThrow(() -> ApiException.notFound(def.group(), def.plural(), name));
            String currentRv = Json.text(old, "metadata", "resourceVersion");
            ObjectNode desired = change.apply(Registry.toServed(def, old.deepCopy()));
            String wantRv = Json.text(desired, "metadata", "resourceVersion");
            boolean precondition = wantRv != null && !wantRv.isEmpty() && !wantRv.equals(currentRv);
            if (precondition) {
                throw ApiException.staleVersion(def.group(), def.plural(), name);
            }
            try {
                return commit(def, ns, name, old, desired, subresource, ctx);
            } catch (RetryableConflict e) {
                if (attempt >= MAX_RETRIES) {
                    throw ApiException.staleVersion(def.group(), def.plural(), name);
                }
            }
        }
    }

    private static final class RetryableConflict extends RuntimeException {
        RetryableConflict() {
            super(null, null, false, false);
        }
    }

    static long revisionOf(ObjectNode obj) {
        return Long.parseLong(Json.text(obj, "metadata", "resourceVersion"));
    }

    static long parseRv(String rv) {
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

    /** Applies an update of {@code oldStored} to {@code newServed}; CAS on the old revision. */
    private Served commit(ResourceDef def, String ns, String name, ObjectNode oldStored, ObjectNode newServed,
                          String subresource, RequestContext ctx) {
        checkTypeMeta(def, newServed);
        ObjectNode newObj = toStorage(def, newServed);
        ObjectNode oldMeta = (ObjectNode) oldStored.get("metadata");
        if ("status".equals(subresource)) {
            ObjectNode merged = oldStored.deepCopy();
            JsonNode status = newObj.get("status");
            if (status == null) {
                merged.remove("status");
            } else {
                merged.set("status", status);
            }
            newObj = merged;
        } else if ("binding".equals(subresource)) {
            // pods/binding sets spec.nodeName and the PodScheduled condition, nothing else
            ObjectNode merged = oldStored.deepCopy();
            Json.with(merged, "spec").set("nodeName", newObj.path("spec").path("nodeName"));
            if (newObj.has("status")) {
                merged.set("status", newObj.get("status"));
            }
            newObj = merged;
        } else if ("finalize".equals(subresource)) {
            ObjectNode merged = oldStored.deepCopy();
            JsonNode fin = newObj.path("spec").get("finalizers");
            ObjectNode spec = Json.with(merged, "spec");
            if (fin == null) {
                spec.remove("finalizers");
            } else {
                spec.set("finalizers", fin);
            }
            newObj = merged;
        } else if (def.hasStatus()) {
            JsonNode oldStatus = oldStored.get("status");
            if (oldStatus == null) {
                newObj.remove("status");
            } else {
                newObj.set("status", oldStatus.deepCopy());
            }
        }
        ObjectNode meta = Json.with(newObj, "metadata");
        String newUid = Json.text(meta, "uid");
        if (newUid != null && !newUid.isEmpty() && !newUid.equals(Json.text(oldMeta, "uid"))) {
            throw ApiException.invalid(def.group(), def.kind(), name,
                    List.of(FieldError.invalid("metadata.uid", newUid, "field is immutable")));
        }
        meta.put("name", name);
        if (def.namespaced()) {
            meta.put("namespace", ns);
        } else {
            meta.remove("namespace");
        }
        for (String f : List.of("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                "generation")) {
            JsonNode v = oldMeta.get(f);
            if (v == null) {
                meta.remove(f);
            } else {
                meta.set(f, v);
            }
        }
        if (!meta.has("managedFields") && oldMeta.has("managedFields")) {
            meta.set("managedFields", oldMeta.get("managedFields"));
        }
        meta.put("resourceVersion", oldMeta.get("resourceVersion").asText());
        meta.remove("selfLink");
        if (subresource.isEmpty()) {
            def.strategy().applyDefaults(newObj);
            def.strategy().prepareForUpdate(newObj, oldStored);
        }
        if (!"binding".equals(subresource)) {
            List<FieldError> errors = new ArrayList<>(hooks.validateMeta(def, newObj));
            errors.addAll(def.strategy().validateUpdate(newObj, oldStored));
            Registry.requireValid(def, name, errors);
        }
        for (Admission a : registry.admissions()) {
            a.admit(Admission.Operation.UPDATE, def, newObj, oldStored, ctx);
        }
        if (tracksGeneration(def) && specChanged(oldStored, newObj)) {

            meta.put("generation", oldMeta.path("generation").asLong(0) + 1);
        }
        hooks.recordManagedFields(def, oldStored, newObj, subresource, ctx);
        if (JsonValues.equal(newObj, oldStored)) {
            return Served.of(Registry.toServed(def, newObj));
        }
        if (meta.has("deletionTimestamp") && finalizersEmpty(newObj)) {
            if (ctx.dryRun()) {
                return Served.of(Registry.toServed(def, newObj));
            }
            return Served.of(deleteNow(def, ns, name, newObj, revisionOf(oldStored)));
        }
        if (ctx.dryRun()) {
            return Served.of(Registry.toServed(def, newObj));
        }
        byte[] bytes = Registry.encode(newObj);
        try {
            KeyValue kv = registry.store().update(Keys.key(def, ns, name), bytes, revisionOf(oldStored), 0);
            meta.put("resourceVersion", Long.toString(kv.modRevision()));
            return served(def, newObj, bytes, kv.modRevision());
        } catch (StoreException e) {
            if (e.code() == StoreException.Code.CONFLICT) {
                throw new RetryableConflict();
            }
            throw Registry.mapStoreError(def, name, e);
        }
    }

    private static boolean specChanged(ObjectNode a, ObjectNode b) {
        ObjectNode x = a.deepCopy();
        ObjectNode y = b.deepCopy();
        for (ObjectNode o : List.of(x, y)) {
            o.remove("metadata");
            o.remove("status");
        }
        return !JsonValues.equal(x, y);
    }

    private static boolean finalizersEmpty(ObjectNode obj) {
        JsonNode f = obj.path("metadata").path("finalizers");
        if (f.isArray() && !f.isEmpty()) {
            return false;
        }
        if ("Namespace".equals(Json.text(obj, "kind"))) {
            JsonNode sf = obj.path("spec").path("finalizers");
            return !sf.isArray() || sf.isEmpty();
        }
        return true;
    }

    // ---- delete ----

    /** The outcome of a delete: the object (with deletionTimestamp when pending) and whether it is gone. */
    public record DeleteResult(ObjectNode object, boolean deleted) {
    }

    public DeleteResult delete(ResourceDef def, String ns, String name, DeleteOptions opts, RequestContext ctx) {
        if (def.kind().equals("Namespace") && def.group().isEmpty() && UNDELETABLE_NAMESPACES.contains(name)) {
            throw ApiException.forbidden("namespaces \"" + name + "\" is forbidden: this namespace may not be deleted");
        }
        for (int attempt = 0; ; attempt++) {
            ObjectNode old = registry.getStored(def, ns, name)
                    .orElseThrow(() -> ApiException.notFound(def.group(), def.plural(), name));
            ObjectNode oldMeta = (ObjectNode) old.get("metadata");
            if (opts.preconditionUid() != null && !opts.preconditionUid().equals(Json.text(oldMeta, "uid"))) {
                throw ApiException.conflict(def.group(), def.plural(), name, "Precondition failed: UID in precondition: "
                        + opts.preconditionUid() + ", UID in object meta: " + Json.text(oldMeta, "uid"));
            }
            if (opts.preconditionResourceVersion() != null
                    && !opts.preconditionResourceVersion().equals(Json.text(oldMeta, "resourceVersion"))) {
                throw ApiException.conflict(def.group(), def.plural(), name,
                        "Precondition failed: ResourceVersion in precondition: " + opts.preconditionResourceVersion()
                                + ", ResourceVersion in object meta: " + Json.text(oldMeta, "resourceVersion"));
            }
            for (Admission a : registry.admissions()) {
                a.admit(Admission.Operation.DELETE, def, old, old, ctx);
            }
            ObjectNode obj = old.deepCopy();
            ObjectNode meta = (ObjectNode) obj.get("metadata");
            long grace = gracePeriod(def, obj, opts);
            boolean changed = addPropagationFinalizer(meta, opts.propagationPolicy());
            if (def.kind().equals("Namespace") && def.group().isEmpty()) {
                Json.with(obj, "status").put("phase", "Terminating");
                changed = true;
            }
            boolean pending = !finalizersEmpty(obj) || grace > 0;
            try {
                if (!pending) {
                    if (ctx.dryRun()) {
                        return new DeleteResult(Registry.toServed(def, obj), true);
                    }
                    return new DeleteResult(deleteNow(def, ns, name, obj, revisionOf(old)), true);
                }
                Instant now = registry.now();
                if (meta.has("deletionTimestamp")) {
                    Instant current = Instant.parse(meta.get("deletionTimestamp").asText());
                    Instant wanted = now.plusSeconds(grace);
                    if (wanted.isBefore(current)) {
                        meta.put("deletionTimestamp", wanted.toString());
                        meta.put("deletionGracePeriodSeconds", grace);
                        changed = true;
                    }
                    if (!changed) {
                        return new DeleteResult(Registry.toServed(def, old), false);
                    }
                } else {
                    meta.put("deletionTimestamp", now.plusSeconds(grace).toString());
                    meta.put("deletionGracePeriodSeconds", grace);
                    if (meta.has("generation")) {
                        meta.put("generation", meta.get("generation").asLong() + 1);
                    }
                }
                if (ctx.dryRun()) {
                    return new DeleteResult(Registry.toServed(def, obj), false);
                }
                KeyValue kv = registry.store().update(Keys.key(def, ns, name), Registry.encode(obj),
                        revisionOf(old), 0);
                meta.put("resourceVersion", Long.toString(kv.modRevision()));
                return new DeleteResult(Registry.toServed(def, obj), false);
            } catch (StoreException e) {
                if (e.code() == StoreException.Code.CONFLICT && attempt < MAX_RETRIES) {
                    continue;
                }
                throw Registry.mapStoreError(def, name, e);
            } catch (RetryableConflict e) {
                // the object changed between read and delete: read it again
                if (attempt >= MAX_RETRIES) {
                    throw ApiException.staleVersion(def.group(), def.plural(), name);
                }
            }
        }
    }

    private ObjectNode deleteNow(ResourceDef def, String ns, String name, ObjectNode obj, long expectedRev) {
        try {
            KeyValue kv = registry.store().delete(Keys.key(def, ns, name), expectedRev);
            Json.with(obj, "metadata").put("resourceVersion", Long.toString(kv.modRevision()));
            return Registry.toServed(def, obj);
        } catch (StoreException e) {
            if (e.code() == StoreException.Code.CONFLICT) {
                throw new RetryableConflict();
            }
            throw Registry.mapStoreError(def, name, e);
        }
    }

    /** Pods delete gracefully once scheduled and still running; everything else at once. */
    private static long gracePeriod(ResourceDef def, ObjectNode obj, DeleteOptions opts) {
        if (!(def.group().isEmpty() && def.kind().equals("Pod"))) {
            return 0;
        }
        String phase = Json.text(obj, "status", "phase");
        String node = Json.text(obj, "spec", "nodeName");
        if (node == null || node.isEmpty() || "Succeeded".equals(phase) || "Failed".equals(phase)) {
            return 0;
        }
        if (opts.gracePeriodSeconds() != null) {
            return Math.max(0, opts.gracePeriodSeconds());
        }
        JsonNode g = obj.path("spec").get("terminationGracePeriodSeconds");
        return g != null && g.canConvertToLong() ? Math.max(0, g.asLong()) : 30;
    }

    private static boolean addPropagationFinalizer(ObjectNode meta, String policy) {
        if (policy == null) {
            return false;
        }
        String fin = switch (policy) {
            case "Orphan" -> "orphan";
            case "Foreground" -> "foregroundDeletion";
            case "Background" -> null;
            default -> throw ApiException.badRequest("propagationPolicy: Unsupported value: \"" + policy
                    + "\": supported values: \"Foreground\", \"Background\", \"Orphan\"");
        };
        if (fin == null) {
            return false;
        }
        JsonNode existing = meta.get("finalizers");
        ArrayNode list = existing instanceof ArrayNode a ? a : meta.putArray("finalizers");
        for (JsonNode f : list) {
            if (fin.equals(f.asText())) {
                return false;
            }
        }
        list.add(fin);
        return true;
    }

    /** Extension points wired by the server: metadata validation, managed fields, TTL leases. */
    public static final class Hooks {
        private volatile MetaValidator metaValidator = (def, obj) -> List.of();
        private volatile ManagedFieldsRecorder managedFields = (def, old, obj, sub, ctx) -> { };
        private volatile LeasePolicy leases = def -> 0;
        private volatile CreateHook beforeCreate = (def, obj, ctx) -> { };

        public interface MetaValidator {
            List<FieldError> validate(ResourceDef def, ObjectNode obj);
        }

        public interface ManagedFieldsRecorder {
            void record(ResourceDef def, ObjectNode old, ObjectNode obj, String subresource, RequestContext ctx);
        }

        public interface LeasePolicy {
            long leaseFor(ResourceDef def);
        }

        public interface CreateHook {
            void beforeCreate(ResourceDef def, ObjectNode obj, RequestContext ctx);
        }

        public void metaValidator(MetaValidator v) {
            metaValidator = Objects.requireNonNull(v);
        }

        public void managedFields(ManagedFieldsRecorder r) {
            managedFields = Objects.requireNonNull(r);
        }

        public void leases(LeasePolicy p) {
            leases = Objects.requireNonNull(p);
        }

        public void beforeCreate(CreateHook h) {
            beforeCreate = Objects.requireNonNull(h);
        }

        List<FieldError> validateMeta(ResourceDef def, ObjectNode obj) {
            return metaValidator.validate(def, obj);
        }

        void recordManagedFields(ResourceDef def, ObjectNode old, ObjectNode obj, String sub, RequestContext ctx) {
            managedFields.record(def, old, obj, sub, ctx);
        }

        long leaseFor(ResourceDef def) {
            return leases.leaseFor(def);
        }

        void beforeCreate(ResourceDef def, ObjectNode obj, RequestContext ctx) {
            beforeCreate.beforeCreate(def, obj, ctx);
        }
    }
}
