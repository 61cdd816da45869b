package io.jube.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.catalogue.ResourceDef;
import io.jube.api.schema.Schema;
import io.jube.apiserver.registry.Registry;
import io.jube.apiserver.registry.RequestContext;
import io.jube.apiserver.watch.WatchCaches;
import io.jube.api.apply.ManagedFields;
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
            if (!ctx.isApply()) {
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
