package io.jube.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.catalogue.Catalogue;
import io.jube.api.catalogue.Conversion;
import io.jube.api.catalogue.ResourceDef;
import io.jube.api.printers.Printers;
import io.jube.api.schema.SchemaRegistry;
import io.jube.api.strategy.FieldError;
import io.jube.api.strategy.Strategy;
import io.jube.apiserver.ApiException;
import io.jube.apiserver.registry.DeleteOptions;
import io.jube.apiserver.registry.Registry;
import io.jube.apiserver.registry.RequestContext;
import io.jube.apiserver.watch.CachedEvent;
import io.jube.apiserver.watch.WatchCache;
import io.jube.apiserver.watch.WatchCaches;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the resources of CustomResourceDefinitions: follows CRDs through their watch cache, adds
 * each served version to the catalogue (with validation against its schema and its printer
 * columns), marks the CRD Established, and on deletion removes every custom resource first
 * (the {@code customresourcecleanup.apiextensions.k8s.io} finalizer).
 */
public final class CrdRegistrar implements WatchCache.Sink {
    private static final Logger LOG = LoggerFactory.getLogger(CrdRegistrar.class);
    public static final String CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";

    private final Registry registry;
    private final WatchCaches caches;
    private final ResourceDef crdDef;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "crd-registrar");
        t.setDaemon(true);
        return t;
    });
    /** CRD name → group/plural it serves. */
    private final Map<String, String[]> served = new ConcurrentHashMap<>();
    /** "group/version/plural" → openAPIV3Schema of that version. */
    private final Map<String, JsonNode> schemas = new ConcurrentHashMap<>();

    public CrdRegistrar(Registry registry, WatchCaches caches) {
        this.registry = registry;
        this.caches = caches;
        this.crdDef = registry.catalogue().find("apiextensions.k8s.io", "v1", "customresourcedefinitions").orElseThrow();
    }

    public void start() {
        registry.writes().hooks().beforeCreate((def, obj, ctx) -> {
            if (def == crdDef || def.storageKey().equals(crdDef.storageKey())) {
                ObjectNode meta = Json.with(obj, "metadata");
                ArrayNode fins = meta.has("finalizers") && meta.get("finalizers").isArray()
                        ? (ArrayNode) meta.get("finalizers") : meta.putArray("finalizers");
                boolean has = false;
                for (JsonNode f : fins) {
                    has |= CLEANUP_FINALIZER.equals(f.asText());
                }
                if (!has) {
                    fins.add(CLEANUP_FINALIZER);
                }
            }
        });
        caches.get(crdDef).subscribe(-1, this);
    }

    /** The openAPIV3Schema of a custom resource version, or null. */
    public JsonNode schema(ResourceDef def) {
        return schemas.get(def.group() + "/" + def.version() + "/" + def.plural());
    }

    @Override
    public boolean offer(CachedEvent e) {
        ObjectNode crd = e.object();
        String name = Json.text(crd, "metadata", "name");
        if (e.type().equals("DELETED")) {
            unregister(name);
            return true;
        }
        register(crd);
        boolean deleting = crd.path("metadata").has("deletionTimestamp");
        boolean established = isEstablished(crd);
        if (deleting || !established) {
            worker.execute(() -> {
                try {
                    if (deleting) {
                        cleanup(crd);
                    } else {
                        establish(name);
                    }
                } catch (RuntimeException ex) {
                    LOG.warn("CRD {}: {}", name, ex.getMessage());
                }
            });
        }
        return true;
    }

    private static boolean isEstablished(ObjectNode crd) {
        for (JsonNode c : crd.path("status").path("conditions")) {
            if ("Established".equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) {
                return true;
            }
        }
        return false;
    }

    private void register(ObjectNode crd) {
        JsonNode spec = crd.path("spec");
        String group = spec.path("group").asText();
        JsonNode names = spec.path("names");
        String plural = names.path("plural").asText();
        String kind = names.path("kind").asText();
        if (group.isEmpty() || plural.isEmpty() || kind.isEmpty()) {
            return;
        }
        String storageVersion = null;
        for (JsonNode v : spec.path("versions")) {
            if (v.path("storage").asBoolean(false)) {
                storageVersion = v.path("name").asText();
            }
        }
        if (storageVersion == null) {
            return;
        }
        String crdName = Json.text(crd, "metadata", "name");
        String[] previous = served.put(crdName, new String[] {group, plural});
        if (previous != null) {
            registry.catalogue().removeResource(previous[0], previous[1]);
        }
        boolean namespaced = !"Cluster".equals(spec.path("scope").asText());
        for (JsonNode v : spec.path("versions")) {
            if (!v.path("served").asBoolean(true)) {
                continue;
            }
            String version = v.path("name").asText();
            JsonNode schema = v.path("schema").path("openAPIV3Schema");
            schemas.put(group + "/" + version + "/" + plural, schema);
            try {
                SchemaRegistry.registerCustom(group, version, kind, SchemaRegistry.fromOpenApiV3(schema));
            } catch (IllegalArgumentException ex) {
                LOG.warn("CRD {} version {}: schema not usable: {}", Json.text(crd, "metadata", "name"), version,
                        ex.getMessage());
            }
            List<String> subs = new ArrayList<>();
            v.path("subresources").fieldNames().forEachRemaining(subs::add);
            String gv = group + "/" + version;
            Conversion conv = version.equals(storageVersion) ? Conversion.NONE
                    : new ApiVersionConversion(gv, group + "/" + storageVersion);
            ResourceDef def = new ResourceDef(group, version, plural,
                    names.path("singular").asText(kind.toLowerCase()), kind, namespaced,
                    strings(names.path("shortNames")), strings(names.path("categories")), Catalogue.ALL_VERBS,
                    java.util.Set.copyOf(subs), group + "/" + plural, storageVersion, null,
                    new CrStrategy(schema), Printers.columnsFromCrd(v.path("additionalPrinterColumns")), conv);
            registry.catalogue().add(def);
        }
        ResourceDef any = registry.catalogue().find(group, storageVersion, plural).orElse(null);
        if (any != null) {
            caches.get(any);
        }
    }

    private void unregister(String crdName) {
        String[] gp = served.remove(crdName);
        if (gp != null) {
            registry.catalogue().all().stream().filter(d -> d.group().equals(gp[0]) && d.plural().equals(gp[1]))
                    .findFirst().ifPresent(d -> SchemaRegistry.unregisterCustom(gp[0], d.kind()));
            registry.catalogue().removeResource(gp[0], gp[1]);
            caches.drop(gp[0] + "/" + gp[1]);
            schemas.keySet().removeIf(k -> k.startsWith(gp[0] + "/") && k.endsWith("/" + gp[1]));
        }
    }

    private void establish(String name) {
        RequestContext ctx = RequestContext.internal("apiextensions-apiserver");
        registry.writes().mutate(crdDef, null, name, "status", ctx, crd -> {
            ObjectNode status = Json.with(crd, "status");
            status.set("acceptedNames", crd.path("spec").path("names").deepCopy());
            String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            ArrayNode conds = status.putArray("conditions");
            conds.addObject().put("type", "NamesAccepted").put("status", "True").put("lastTransitionTime", now)
                    .put("reason", "NoConflicts").put("message", "no conflicts found");
            conds.addObject().put("type", "Established").put("status", "True").put("lastTransitionTime", now)
                    .put("reason", "InitialNamesAccepted").put("message", "the initial names have been accepted");
            ArrayNode stored = status.putArray("storedVersions");
            for (JsonNode v : crd.path("spec").path("versions")) {
                if (v.path("storage").asBoolean(false)) {
                    stored.add(v.path("name").asText());
                }
            }
            return crd;
        });
    }

    /** Deletes every custom resource of a CRD being deleted, then releases the CRD. */
    private void cleanup(ObjectNode crd) {
        String name = Json.text(crd, "metadata", "name");
        String[] gp = served.get(name);
        RequestContext ctx = RequestContext.internal("apiextensions-apiserver");
        if (gp != null) {
            String group = gp[0];
            ResourceDef def = registry.catalogue().all().stream()
                    .filter(d -> d.group().equals(group) && d.plural().equals(gp[1]) && d.isStorageVersion())
                    .findFirst().orElse(null);
            if (def != null) {
                for (ObjectNode o : registry.list(def, null, Registry.ALL, 0, null, 0).items()) {
                    ObjectNode meta = (ObjectNode) o.get("metadata");
                    try {
                        if (meta.has("finalizers")) {
                            registry.writes().mutate(def, Json.text(meta, "namespace"), Json.text(meta, "name"), "",
                                    ctx, cur -> {
                                        ((ObjectNode) cur.get("metadata")).remove("finalizers");
                                        return cur;
                                    });
                        }
                        registry.writes().delete(def, Json.text(meta, "namespace"), Json.text(meta, "name"),
                                DeleteOptions.DEFAULT, ctx);
                    } catch (ApiException ex) {
                        if (ex.code() != 404) {
                            throw ex;
                        }
                    }
                }
            }
        }
        registry.writes().mutate(crdDef, null, name, "", ctx, cur -> {
            JsonNode fins = cur.path("metadata").path("finalizers");
            if (fins.isArray()) {
                ArrayNode kept = Json.NODES.arrayNode();
                fins.forEach(f -> {
                    if (!CLEANUP_FINALIZER.equals(f.asText())) {
                        kept.add(f);
                    }
                });
                ((ObjectNode) cur.get("metadata")).set("finalizers", kept);
            }
            return cur;
        });
    }

    private static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Override
    public void close(ApiException reason) {
        // the CRD cache restarted (410): resubscribe to rebuild the served set; on shutdown, stop
        if (reason != null && reason.code() == 410) {
            worker.execute(() -> caches.get(crdDef).subscribe(-1, this));
        } else {
            worker.shutdown();
        }
    }

    /** Custom resources differ between versions only in apiVersion (conversion strategy None). */
    private record ApiVersionConversion(String served, String storage) implements Conversion {
        @Override
        public ObjectNode toStorage(ObjectNode obj) {
            obj.put("apiVersion", storage);
            return obj;
        }

        @Override
        public ObjectNode fromStorage(ObjectNode obj) {
            obj.put("apiVersion", served);
            return obj;
        }
    }

    /** Validates custom resources against their version's schema. */
    private record CrStrategy(JsonNode schema) implements Strategy {
        @Override
        public List<FieldError> validate(ObjectNode obj) {
            return CrValidator.validate(obj, schema);
        }
    }
}
