package io.jube.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jube.controllers.framework.Controller;
import io.jube.controllers.framework.ControllerContext;
import io.jube.controllers.framework.ObjectEvent;
import io.jube.controllers.framework.Result;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * The dependency graph is the shared informers of the {@link TrackedKind}s, indexed by owner uid; owners of any
 * other kind (custom resources, nodes, ...) are looked up live through discovery ({@link Owners}).
 * Keys are {@code Kind/namespace/name}.
 */
public final class GarbageCollector implements Controller {
    public static final String NAME = "garbagecollector";
    static final String ORPHAN = "orphan";
    static final String FOREGROUND = "foregroundDeletion";
    static final String BY_OWNER_UID = "gcOwnerUid";
    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

    private final Map<TrackedKind, SharedIndexInformer<? extends HasMetadata>> informers = new LinkedHashMap<>();
    private ControllerContext ctx;
    private KubernetesClient client;
    private Owners owners;

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
        Set<String> keys = new LinkedHashSet<>();
        String ns = obj.getMetadata().getNamespace();
        if (e.type() != ObjectEvent.Type.DELETED) {
            keys.add(key(kind.kind(), ns, obj.getMetadata().getName()));
        }
        // owners waiting in foreground deletion may be unblocked when a dependent goes or drops its reference
        ownerKeys(obj, keys);
        if (e.oldObject() != null) {
            ownerKeys(e.oldObject(), keys);
        }
        boolean ownerChanged = e.type() == ObjectEvent.Type.DELETED
                || obj.getMetadata().getDeletionTimestamp() != null;
        if (ownerChanged) {
            for (HasMetadata d : dependents(obj.getMetadata().getUid())) {
                keys.add(keyOf(d));
            }
        }
        return keys;
    }

    private void ownerKeys(HasMetadata obj, Set<String> keys) {
        List<OwnerReference> refs = obj.getMetadata().getOwnerReferences();
        if (refs == null) {
            return;
        }
        for (OwnerReference r : refs) {
            TrackedKind.of(r.getApiVersion(), r.getKind())
                    .ifPresent(k -> keys.add(key(k.kind(), obj.getMetadata().getNamespace(), r.getName())));
        }
    }

    private String keyOf(HasMetadata obj) {
        return key(obj.getKind(), obj.getMetadata().getNamespace(), obj.getMetadata().getName());
    }

    /** Every tracked object with an owner reference to {@code uid}. */
    List<HasMetadata> dependents(String uid) {
        List<HasMetadata> out = new ArrayList<>();
        if (uid == null) {
            return out;
        }
        for (SharedIndexInformer<? extends HasMetadata> i : informers.values()) {
            out.addAll(i.getIndexer().byIndex(BY_OWNER_UID, uid));
        }
        return out;
    }

    @Override
    public Result reconcile(String key) throws Exception {
        String[] parts = key.split("/", 3);
        if (parts.length != 3) {
            return Result.done();
        }
        var kind = TrackedKind.named(parts[0]);
        if (kind.isEmpty()) {
            return Result.done();
        }
        String cacheKey = parts[1].isEmpty() ? parts[2] : parts[1] + "/" + parts[2];
        HasMetadata obj = informers.get(kind.get()).getIndexer().getByKey(cacheKey);
        if (obj == null) {
            return Result.done();
        }
        if (obj.getMetadata().getDeletionTimestamp() != null) {
            processDeletingOwner(kind.get(), obj);
            return Result.done();
        }
        processDependent(kind.get(), obj);
        return Result.done();
    }

    private void processDeletingOwner(TrackedKind kind, HasMetadata owner) {
        List<String> finalizers = owner.getMetadata().getFinalizers();
        String uid = owner.getMetadata().getUid();
        if (finalizers != null && finalizers.contains(ORPHAN)) {
            for (HasMetadata d : dependents(uid)) {
                Writes.removeOwnerRefs(client, TrackedKind.named(d.getKind()).orElseThrow(), d, Set.of(uid));
            }
            Writes.removeFinalizer(client, kind, owner, ORPHAN);
            LOG.debug("orphaned the dependents of {} {}", kind.kind(), owner.getMetadata().getName());
        } else if (finalizers != null && finalizers.contains(FOREGROUND)) {
            boolean blocked = false;
            for (HasMetadata d : dependents(uid)) {
                if (d.getMetadata().getDeletionTimestamp() == null) {
                    ctx.enqueue(keyOf(d)); // its own reconcile sees the waiting owner and deletes it
                }
                blocked |= refTo(d, uid).map(r -> Boolean.TRUE.equals(r.getBlockOwnerDeletion())).orElse(false);
            }
            if (!blocked) {
                Writes.removeFinalizer(client, kind, owner, FOREGROUND);
            }
        }
    }

    private static java.util.Optional<OwnerReference> refTo(HasMetadata d, String uid) {
        List<OwnerReference> refs = d.getMetadata().getOwnerReferences();
        return refs == null ? java.util.Optional.empty()
                : refs.stream().filter(r -> uid.equals(r.getUid())).findFirst();
    }

    private void processDependent(TrackedKind kind, HasMetadata obj) {
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
                Writes.removeOwnerRefs(client, kind, obj, stale);
            }
        } else if (!waiting.isEmpty()) {
            // a dependent with dependents of its own is deleted in the foreground too, so the chain unwinds in order
            boolean hasDependents = !dependents(obj.getMetadata().getUid()).isEmpty();
            Writes.delete(client, kind, obj, hasDependents ? DeletionPropagation.FOREGROUND : DeletionPropagation.BACKGROUND);
        } else {
            Writes.delete(client, kind, obj, DeletionPropagation.BACKGROUND);
        }
    }
}
