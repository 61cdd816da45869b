package io.jube.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jube.controllers.framework.Controller;
import io.jube.controllers.framework.ControllerContext;
import io.jube.controllers.framework.ObjectEvent;
import io.jube.controllers.framework.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes' garbage collector over {@code metadata.ownerReferences}.
 *
 * <ul>
 *   <li>background: a dependent whose owners are all gone (no object with the referenced uid) is deleted;</li>
 *   <li>foreground: an owner being deleted with the {@code foregroundDeletion} finalizer has its dependents deleted,
 *       and the finalizer is removed once no dependent with {@code blockOwnerDeletion: true} is left;</li>
 *   <li>orphan: an owner being deleted with the {@code orphan} finalizer has its references removed from its
 *       dependents, then the finalizer removed.</li>
 * </ul>
 * The dependency graph is the shared informers of the {@link TrackedKind}s, indexed by owner uid, and reacts to
 * their events at once (keys {@code Kind/namespace/name}). Every other resource the server lists (custom resources
 * included, found through discovery) is swept every {@code scanPeriod} (key {@link #SCAN}): its objects are checked
 * as dependents and, when being deleted with a GC finalizer, as owners of tracked dependents.
 */
public final class GarbageCollector implements Controller {
    public static final String NAME = "garbagecollector";
    static final String ORPHAN = "orphan";
    static final String FOREGROUND = "foregroundDeletion";
    static final String BY_OWNER_UID = "gcOwnerUid";
    static final String SCAN = "scan";
    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

    private final Duration scanPeriod;
    private final Map<TrackedKind, SharedIndexInformer<? extends HasMetadata>> informers = new LinkedHashMap<>();
    private ControllerContext ctx;
    private KubernetesClient client;
    private Owners owners;

    public GarbageCollector() {
        this(Duration.ofSeconds(30));
    }

    public GarbageCollector(Duration scanPeriod) {
        this.scanPeriod = scanPeriod;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void setup(ControllerContext ctx) {
        this.ctx = ctx;
        this.client = ctx.client();
        for (TrackedKind k : TrackedKind.ALL) {
            track(k, k.type());
        }
        this.owners = new Owners(client, informers);
        ctx.enqueue(SCAN);
    }

    private <T extends HasMetadata> void track(TrackedKind kind, Class<T> type) {
        informers.put(kind, ctx.informer(type));
        ctx.index(type, BY_OWNER_UID, GarbageCollector::ownerUids);
        ctx.watch(type, e -> keysFor(kind, e));
    }

    static List<String> ownerUids(HasMetadata obj) {
        List<OwnerReference> refs = obj.getMetadata().getOwnerReferences();
        return refs == null ? List.of() : refs.stream().map(OwnerReference::getUid).filter(Objects::nonNull).toList();
    }

    static String key(String kind, String namespace, String name) {
        return kind + "/" + (namespace == null ? "" : namespace) + "/" + name;
    }

    private <T extends HasMetadata> Set<String> keysFor(TrackedKind kind, ObjectEvent<T> e) {
        HasMetadata obj = e.object();
        if (e.type() == ObjectEvent.Type.UPDATED && e.oldObject() != null && sameGraph(e.oldObject(), obj)) {
            return Set.of();
        }
        Set<String> keys = new LinkedHashSet<>();
        if (e.type() != ObjectEvent.Type.DELETED && hasWork(obj)) {
            keys.add(key(kind.kind(), obj.getMetadata().getNamespace(), obj.getMetadata().getName()));
        }
        // owners waiting in foreground deletion may be unblocked when a dependent goes or drops its reference
        ownerKeys(obj, keys);
        if (e.oldObject() != null) {
            ownerKeys(e.oldObject(), keys);
        }
        if (e.type() == ObjectEvent.Type.DELETED || obj.getMetadata().getDeletionTimestamp() != null) {
            for (HasMetadata d : dependents(obj.getMetadata().getUid())) {
                keys.add(keyOf(d));
            }
        }
        return keys;
    }

    /**
     * Whether an update leaves the dependency graph as it was: the same owner references, finalizers and deletion
     * state. As in Kubernetes' graph builder, such an update (a node Lease renewal, a pod status write) gives the
     * collector nothing to do; it was two reconciles per Lease renewal, 500 a second with 5,000 nodes.
     */
    private static boolean sameGraph(HasMetadata old, HasMetadata obj) {
        var a = old.getMetadata();
        var b = obj.getMetadata();
        return Objects.equals(a.getUid(), b.getUid()) && Objects.equals(a.getOwnerReferences(), b.getOwnerReferences())
                && Objects.equals(a.getFinalizers(), b.getFinalizers())
                && Objects.equals(a.getDeletionTimestamp(), b.getDeletionTimestamp());
    }

    /**
     * Whether {@link #process} can act on this object: a dependent (it has owner references) or an owner being deleted
     * with a GC finalizer. Other objects (most pods without owners, say) are not queued for every write.
     */
    private static boolean hasWork(HasMetadata obj) {
        List<OwnerReference> refs = obj.getMetadata().getOwnerReferences();
        List<String> finalizers = obj.getMetadata().getFinalizers();
        return (refs != null && !refs.isEmpty()) || (obj.getMetadata().getDeletionTimestamp() != null && finalizers != null
                && (finalizers.contains(ORPHAN) || finalizers.contains(FOREGROUND)));
    }

    private void ownerKeys(HasMetadata obj, Set<String> keys) {
        List<OwnerReference> refs = obj.getMetadata().getOwnerReferences();
        if (refs == null) {
            return;
        }
        for (OwnerReference r : refs) {
            TrackedKind.of(r.getApiVersion(), r.getKind()).ifPresent(k ->
                    keys.add(key(k.kind(), k.namespaced() ? obj.getMetadata().getNamespace() : null, r.getName())));
        }
    }

    private static String keyOf(HasMetadata obj) {
        return key(obj.getKind(), obj.getMetadata().getNamespace(), obj.getMetadata().getName());
    }

    /** Every tracked object with an owner reference to {@code uid}. */
    private List<HasMetadata> dependents(String uid) {
        List<HasMetadata> out = new ArrayList<>();
        if (uid == null) {
            return out;
        }
        for (SharedIndexInformer<? extends HasMetadata> i : informers.values()) {
            out.addAll(i.getIndexer().byIndex(BY_OWNER_UID, uid));
        }
        return out;
    }

    private Item tracked(TrackedKind kind, HasMetadata obj) {
        var ops = client.resources(kind.type());
        String ns = obj.getMetadata().getNamespace();
        return new Item(obj, kind.namespaced() ? ops.inNamespace(ns).withName(obj.getMetadata().getName())
                : ops.withName(obj.getMetadata().getName()));
    }

    private Item tracked(HasMetadata obj) {
        return tracked(TrackedKind.named(obj.getKind()).orElseThrow(), obj);
    }

    @Override
    public Result reconcile(String key) throws Exception {
        if (SCAN.equals(key)) {
            scan();
            return Result.requeueAfter(scanPeriod);
        }
        String[] parts = key.split("/", 3);
        Optional<TrackedKind> kind = parts.length == 3 ? TrackedKind.named(parts[0]) : Optional.empty();
        if (kind.isEmpty()) {
            return Result.done();
        }
        HasMetadata obj = informers.get(kind.get()).getIndexer().getByKey(kind.get().cacheKey(parts[1], parts[2]));
        if (obj != null) {
            process(tracked(kind.get(), obj));
        }
        return Result.done();
    }

    private void process(Item item) {
        if (item.obj().getMetadata().getDeletionTimestamp() != null) {
            processDeletingOwner(item);
        } else {
            processDependent(item);
        }
    }

    private void processDeletingOwner(Item owner) {
        List<String> finalizers = owner.obj().getMetadata().getFinalizers();
        String uid = owner.obj().getMetadata().getUid();
        if (finalizers != null && finalizers.contains(ORPHAN)) {
            for (HasMetadata d : dependents(uid)) {
                Writes.removeOwnerRefs(tracked(d), Set.of(uid));
            }
            Writes.removeFinalizer(owner, ORPHAN);
            LOG.debug("orphaned the dependents of {}", owner.describe());
        } else if (finalizers != null && finalizers.contains(FOREGROUND)) {
            boolean blocked = false;
            for (HasMetadata d : dependents(uid)) {
                if (d.getMetadata().getDeletionTimestamp() == null) {
                    ctx.enqueue(keyOf(d)); // its own reconcile sees the waiting owner and deletes it
                }
                blocked |= refTo(d, uid).map(r -> Boolean.TRUE.equals(r.getBlockOwnerDeletion())).orElse(false);
            }
            if (!blocked) {
                Writes.removeFinalizer(owner, FOREGROUND);
            }
        }
    }

    private static Optional<OwnerReference> refTo(HasMetadata d, String uid) {
        List<OwnerReference> refs = d.getMetadata().getOwnerReferences();
        return refs == null ? Optional.empty() : refs.stream().filter(r -> uid.equals(r.getUid())).findFirst();
    }

    private void processDependent(Item item) {
        HasMetadata obj = item.obj();
        List<OwnerReference> refs = obj.getMetadata().getOwnerReferences();
        if (refs == null || refs.isEmpty()) {
            return;
        }
        Set<String> gone = new LinkedHashSet<>();
        Set<String> waiting = new LinkedHashSet<>();
        boolean solid = false;
        for (OwnerReference r : refs) {
            switch (owners.state(obj.getMetadata().getNamespace(), r)) {
                case ABSENT -> gone.add(r.getUid());
                case WAITING_FOR_DEPENDENTS -> waiting.add(r.getUid());
                case SOLID -> solid = true;
            }
        }
        if (solid) {
            Set<String> stale = new LinkedHashSet<>(gone);
            stale.addAll(waiting);
            if (!stale.isEmpty()) {
                Writes.removeOwnerRefs(item, stale);
            }
        } else if (!waiting.isEmpty()) {
            // a dependent with dependents of its own is deleted in the foreground too, so the chain unwinds in order
            boolean hasDependents = !dependents(obj.getMetadata().getUid()).isEmpty();
            Writes.delete(item, hasDependents ? DeletionPropagation.FOREGROUND : DeletionPropagation.BACKGROUND);
        } else {
            Writes.delete(item, DeletionPropagation.BACKGROUND);
        }
    }

    /** One sweep over the resources without an informer here (custom resources and other built-ins). */
    private void scan() {
        Set<String> seen = new HashSet<>();
        for (ResourceDefinitionContext rdc : ApiDiscovery.resources(client, Set.of("list", "delete", "patch"))) {
            if ("events".equals(rdc.getPlural())
                    || TrackedKind.ALL.stream().anyMatch(k -> k.matches(rdc.getGroup() == null ? "" : rdc.getGroup(), rdc.getKind()))) {
                continue;
            }
            try {
                var ops = client.genericKubernetesResources(rdc);
                List<GenericKubernetesResource> items = Boolean.TRUE.equals(rdc.isNamespaceScoped())
                        ? ops.inAnyNamespace().list().getItems() : ops.list().getItems();
                for (GenericKubernetesResource obj : items) {
                    seen.add(obj.getMetadata().getUid());
                    String ns = obj.getMetadata().getNamespace();
                    var op = Boolean.TRUE.equals(rdc.isNamespaceScoped()) ? ops.inNamespace(ns).withName(obj.getMetadata().getName())
                            : ops.withName(obj.getMetadata().getName());
                    try {
                        process(new Item(obj, op));
                    } catch (KubernetesClientException e) { // one bad object must not stop the sweep
                        LOG.info("garbagecollector: {} {}: {}", rdc.getKind(), obj.getMetadata().getName(), e.getMessage());
                    }
                }
            } catch (KubernetesClientException e) {
                LOG.debug("garbagecollector: cannot sweep {}: {}", rdc.getPlural(), e.getMessage());
            }
        }
        // no informer tells us when an owner of an untracked kind goes: tracked dependents of owners the sweep
        // did not find are checked now
        for (SharedIndexInformer<? extends HasMetadata> i : informers.values()) {
            for (HasMetadata obj : i.getIndexer().list()) {
                List<OwnerReference> refs = obj.getMetadata().getOwnerReferences();
                if (refs != null && refs.stream().anyMatch(r -> TrackedKind.of(r.getApiVersion(), r.getKind()).isEmpty()
                        && !seen.contains(r.getUid()))) {
                    ctx.enqueue(keyOf(obj));
                }
            }
        }
    }
}
