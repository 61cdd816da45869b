package io.jube.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Decides what state an owner reference points at: the cache first, then a live read (the cache may lag). */
final class Owners {
    enum State { SOLID, ABSENT, WAITING_FOR_DEPENDENTS }

    private static final Logger LOG = LoggerFactory.getLogger(Owners.class);
    private final KubernetesClient client;
    private final Map<TrackedKind, SharedIndexInformer<? extends HasMetadata>> informers;

    Owners(KubernetesClient client, Map<TrackedKind, SharedIndexInformer<? extends HasMetadata>> informers) {
        this.client = client;
        this.informers = informers;
    }

    State state(String dependentNamespace, OwnerReference ref) {
        Optional<TrackedKind> tracked = TrackedKind.of(ref.getApiVersion(), ref.getKind());
        if (tracked.isPresent()) {
            TrackedKind k = tracked.get();
            if (k.namespaced() && (dependentNamespace == null || dependentNamespace.isEmpty())) {
                return State.SOLID; // a cluster-scoped object cannot be owned by a namespaced one: never collect on it
            }
            HasMetadata cached = informers.get(k).getIndexer().getByKey(k.cacheKey(dependentNamespace, ref.getName()));
            if (cached != null && ref.getUid().equals(cached.getMetadata().getUid())) {
                return stateOf(cached);
            }
            // not (yet) in our cache: only a live read can tell a missing owner from a lagging informer
            return live(() -> k.namespaced()
                    ? client.resources(k.type()).inNamespace(dependentNamespace).withName(ref.getName()).get()
                    : client.resources(k.type()).withName(ref.getName()).get(), ref);
        }
        Optional<ResourceDefinitionContext> rdc = resolve(ref);
        if (rdc.isEmpty()) {
            // an unknown kind (e.g. a deleted CRD's, or a typo) is not proof that the owner is gone: keep the object
            LOG.debug("cannot resolve owner kind {} {}", ref.getApiVersion(), ref.getKind());
            return State.SOLID;
        }
        var ops = client.genericKubernetesResources(rdc.get());
        boolean namespaced = Boolean.TRUE.equals(rdc.get().isNamespaceScoped());
        if (namespaced && (dependentNamespace == null || dependentNamespace.isEmpty())) {
            return State.SOLID;
        }
        return live(() -> namespaced
                ? ops.inNamespace(dependentNamespace).withName(ref.getName()).get()
                : ops.withName(ref.getName()).get(), ref);
    }

    private State live(java.util.function.Supplier<? extends HasMetadata> get, OwnerReference ref) {
        HasMetadata owner = get.get();
        if (owner == null || !ref.getUid().equals(owner.getMetadata().getUid())) {
            return State.ABSENT;
        }
        return stateOf(owner);
    }

    private static State stateOf(HasMetadata owner) {
        var m = owner.getMetadata();
        if (m.getDeletionTimestamp() != null && m.getFinalizers() != null
                && m.getFinalizers().contains(GarbageCollector.FOREGROUND)) {
            return State.WAITING_FOR_DEPENDENTS;
        }
        return State.SOLID;
    }

    /** The resource an owner reference's apiVersion and kind name, found through discovery. */
    private Optional<ResourceDefinitionContext> resolve(OwnerReference ref) {
        String apiVersion = ref.getApiVersion();
        if (apiVersion == null || ref.getKind() == null) {
            return Optional.empty();
        }
        APIResourceList list;
        try {
            list = client.getApiResources(apiVersion);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
        if (list == null || list.getResources() == null) {
            return Optional.empty();
        }
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        for (APIResource r : list.getResources()) {
            if (ref.getKind().equals(r.getKind()) && !r.getName().contains("/")) {
                return Optional.of(new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version)
                        .withPlural(r.getName()).withKind(r.getKind()).withNamespaced(Boolean.TRUE.equals(r.getNamespaced()))
                        .build());
            }
        }
        return Optional.empty();
    }
}
