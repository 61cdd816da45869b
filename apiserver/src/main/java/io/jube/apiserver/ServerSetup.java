package io.jube.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.catalogue.ResourceDef;
import io.jube.api.schema.Schema;
import io.jube.apiserver.registry.Registry;
import io.jube.apiserver.registry.RequestContext;
import io.jube.apiserver.watch.WatchCaches;
import io.jube.api.apply.ManagedFields;
import io.jube.apiserver.admission.ServiceAllocation;
import io.jube.api.schema.SchemaRegistry;
import io.jube.api.validation.NameRule;
import io.jube.api.validation.ObjectMetaValidation;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Function;

/** Wires the registry's extension points and creates what must exist from the start. */
final class ServerSetup {
    /** Events expire after an hour, as kube-apiserver's --event-ttl default. */
    static final long EVENT_TTL_SECONDS = 3600;

    private ServerSetup() {
    }

    static void install(Registry registry, WatchCaches caches) {
        EventLeases leases = new EventLeases(registry.store(), EVENT_TTL_SECONDS);
        registry.writes().hooks().leases(def -> def.storageKey().equals("/events") ? leases.current() : 0);
        // built-in strategies validate metadata themselves; custom resources and kinds without one get it here
        registry.writes().hooks().metaValidator((def, obj) -> def.modelClass() == null
                || def.strategy() == io.jube.api.strategy.Strategy.NONE
                ? ObjectMetaValidation.validate(obj, def.namespaced(), nameRule(def)) : List.of());
        registry.writes().hooks().managedFields((def, old, obj, sub, ctx) -> {
            // a binding writes the pod without a field manager, as kube-apiserver's binding storage does: no
            // kube-scheduler entry, and no whole-pod field diff on the scheduler's path
            if (!ctx.isApply() && !"binding".equals(sub)) {
                ManagedFields.recordUpdate(old, obj, ctx.fieldManager(), def.groupVersion(), sub,
                        SchemaRegistry.forResource(def), Instant.now().truncatedTo(ChronoUnit.SECONDS));
            }
        });
    }

    /** How each kind's names are validated, as Kubernetes' per-kind name validators. */
    static NameRule nameRule(ResourceDef def) {
        if (def.group().isEmpty() && def.kind().equals("Namespace")) {
            return NameRule.DNS1123_LABEL;
        }
        if (def.group().isEmpty() && def.kind().equals("Service")) {
            return NameRule.DNS1035_LABEL;
        }
        if (def.group().equals("rbac.authorization.k8s.io") || def.modelClass() == null) {
            return NameRule.PATH_SEGMENT;
        }
        return NameRule.DNS1123_SUBDOMAIN;
    }

    static Function<ResourceDef, Schema> schemas() {
        return SchemaRegistry::forResource;
    }

    static void ensureNamespaces(Registry registry, List<String> names) {
        ResourceDef ns = registry.catalogue().find("", "v1", "namespaces").orElseThrow();
        for (String name : names) {
            if (registry.find(ns, null, name).isPresent()) {
                continue;
            }
            ObjectNode obj = Json.object();
            obj.put("apiVersion", "v1").put("kind", "Namespace");
            obj.putObject("metadata").put("name", name);
            try {
                registry.writes().create(ns, null, obj, RequestContext.internal("jube-apiserver"));
            } catch (ApiException e) {
                if (e.code() != 409) {
                    throw e;
                }
            }
        }
    }

    /** The {@code default/kubernetes} Service, Endpoints and EndpointSlice pointing at this server. */
    static void ensureKubernetesService(Registry registry, ServiceAllocation allocation, String address, int port) {
        RequestContext ctx = RequestContext.internal("jube-apiserver");
        ResourceDef services = registry.catalogue().find("", "v1", "services").orElseThrow();
        if (registry.find(services, "default", "kubernetes").isEmpty()) {
            ObjectNode svc = Json.object().put("apiVersion", "v1").put("kind", "Service");
            ObjectNode meta = svc.putObject("metadata").put("name", "kubernetes").put("namespace", "default");
            meta.putObject("labels").put("component", "apiserver").put("provider", "kubernetes");
            ObjectNode spec = svc.putObject("spec").put("type", "ClusterIP").put("clusterIP", allocation.firstIp())
                    .put("sessionAffinity", "None");
            spec.putArray("ports").addObject().put("name", "https").put("port", 443).put("protocol", "TCP")
                    .put("targetPort", port);
            createIgnoringConflict(registry, services, svc, ctx);
        }
        ResourceDef endpoints = registry.catalogue().find("", "v1", "endpoints").orElseThrow();
        ObjectNode ep = Json.object().put("apiVersion", "v1").put("kind", "Endpoints");
        ep.putObject("metadata").put("name", "kubernetes").put("namespace", "default").putObject("labels")
                .put("endpointslice.kubernetes.io/skip-mirror", "true");
        ObjectNode subset = ep.putArray("subsets").addObject();
        subset.putArray("addresses").addObject().put("ip", address);
        subset.putArray("ports").addObject().put("name", "https").put("port", port).put("protocol", "TCP");
        upsert(registry, endpoints, "default", "kubernetes", ep, ctx);
        ResourceDef slices = registry.catalogue().find("discovery.k8s.io", "v1", "endpointslices").orElseThrow();
        ObjectNode es = Json.object().put("apiVersion", "discovery.k8s.io/v1").put("kind", "EndpointSlice");
        es.putObject("metadata").put("name", "kubernetes").put("namespace", "default").putObject("labels")
                .put("kubernetes.io/service-name", "kubernetes")
                .put("endpointslice.kubernetes.io/managed-by", "jube-apiserver");
        es.put("addressType", "IPv4");
        ObjectNode e = es.putArray("endpoints").addObject();
        e.putArray("addresses").add(address);
        e.putObject("conditions").put("ready", true);
        es.putArray("ports").addObject().put("name", "https").put("port", port).put("protocol", "TCP");
        upsert(registry, slices, "default", "kubernetes", es, ctx);
    }

    private static void createIgnoringConflict(Registry registry, ResourceDef def, ObjectNode obj, RequestContext ctx) {
        try {
            registry.writes().create(def, Json.text(obj, "metadata", "namespace"), obj, ctx);
        } catch (ApiException e) {
            if (e.code() != 409) {
                throw e;
            }
        }
    }

    private static void upsert(Registry registry, ResourceDef def, String ns, String name, ObjectNode obj,
                               RequestContext ctx) {
        if (registry.find(def, ns, name).isEmpty()) {
            createIgnoringConflict(registry, def, obj, ctx);
        } else {
            registry.writes().mutate(def, ns, name, "", ctx, cur -> {
                ObjectNode next = obj.deepCopy();
                Json.with(next, "metadata").put("resourceVersion", Json.text(cur, "metadata", "resourceVersion"));
                return next;
            });
        }
    }

    /** Releases cluster IPs and node ports no Service holds (e.g. after a failed create). */
    static void repairAllocations(Registry registry, ServiceAllocation allocation) {
        ResourceDef services = registry.catalogue().find("", "v1", "services").orElseThrow();
        try {
            allocation.repair((owner, key) -> {
                String[] nn = owner.split("/", 2);
                return nn.length == 2 && registry.find(services, nn[0], nn[1])
                        .map(svc -> ServiceAllocation.holds(svc, key)).orElse(false);
            });
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(ServerSetup.class).warn("allocation repair failed: {}", e.getMessage());
        }
    }

    /** Shares one store lease among the events created within a minute, so leases stay few. */
    static final class EventLeases {
        private final io.jube.store.Store store;
        private final long ttl;
        private long lease;
        private long grantedAt;

        EventLeases(io.jube.store.Store store, long ttl) {
            this.store = store;
            this.ttl = ttl;
        }

        synchronized long current() {
            long now = System.currentTimeMillis();
            if (lease == 0 || now - grantedAt > 60_000) {
                lease = store.grantLease(ttl + 60);
                grantedAt = now;
            }
            return lease;
        }
    }
}
