package io.jube.controllers.replicaset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.jube.api.selector.LabelSelector;
import io.jube.api.selector.SelectorException;
import io.jube.controllers.framework.Claimer;
import io.jube.controllers.framework.Controller;
import io.jube.controllers.framework.ControllerContext;
import io.jube.controllers.framework.Expectations;
import io.jube.controllers.framework.Keys;
import io.jube.controllers.framework.ObjectEvent;
import io.jube.controllers.framework.OwnerRefs;
import io.jube.controllers.framework.PodControl;
import io.jube.controllers.framework.Pods;
import io.jube.controllers.framework.Result;
import io.jube.controllers.framework.Selectors;
import io.jube.controllers.framework.Times;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code spec.replicas} active pods for each owner of one {@link ReplicaKind}: creates missing pods from the
 * template (in slow-start batches, so a failing template costs one request, not hundreds), deletes surplus pods in
 * {@link DeletionOrder}, adopts matching orphans and releases pods that stopped matching, and reports status
 * counters through the status subresource.
 */
public class ReplicaController<T extends HasMetadata> implements Controller {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaController.class);
    /** At most this many pods are created or deleted per reconcile (Kubernetes' burstReplicas). */
    static final int BURST = 500;

    private final String name;
    private final ReplicaKind<T> kind;
    private final Clock clock;
    private final Expectations expectations = new Expectations();
    private ControllerContext ctx;
    private KubernetesClient client;
    private SharedIndexInformer<T> owners;
    private SharedIndexInformer<Pod> pods;
    private PodControl podControl;
    private ExecutorService writers;

    protected ReplicaController(String name, ReplicaKind<T> kind) {
        this(name, kind, Clock.systemUTC());
    }

    protected ReplicaController(String name, ReplicaKind<T> kind, Clock clock) {
        this.name = name;
        this.kind = kind;
        this.clock = clock;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void setup(ControllerContext ctx) {
        this.ctx = ctx;
        this.client = ctx.client();
        this.owners = ctx.informer(kind.type());
        this.pods = ctx.informer(Pod.class);
        ctx.index(Pod.class, OwnerRefs.BY_CONTROLLER_UID, OwnerRefs::controllerUidIndex);
        this.podControl = new PodControl(client, ctx.recorder());
        this.writers = ParallelWrites.executor(name);
        ctx.watch(kind.type(), e -> {
            if (e.type() == ObjectEvent.Type.DELETED) {
                expectations.delete(Keys.of(e.object()));
            }
            return List.of(Keys.of(e.object()));
        });
        ctx.watch(Pod.class, this::podEvent);
    }

    /** Maps a pod event to its owner(s), counting it against the owner's expectations. */
    Collection<String> podEvent(ObjectEvent<Pod> e) {
        Pod pod = e.object();
        Set<String> keys = new LinkedHashSet<>();
        switch (e.type()) {
            case ADDED -> {
                String owner = ownerKey(pod);
                if (pod.getMetadata().getDeletionTimestamp() != null) {
                    // seen for the first time already terminating (e.g. after a relist): count it as deleted
                    if (owner != null) {
                        expectations.deletionObserved(owner, Keys.of(pod));
                        keys.add(owner);
                    }
                } else if (owner != null) {
                    expectations.creationObserved(owner);
                    keys.add(owner);
                } else if (OwnerRefs.controllerOf(pod).isEmpty()) {
                    keys.addAll(matchingOwners(pod)); // an orphan: whoever selects it may adopt it
                }
            }
            case UPDATED -> {
                Pod old = e.oldObject();
                if (Objects.equals(old.getMetadata().getResourceVersion(), pod.getMetadata().getResourceVersion())) {
                    return List.of(); // periodic resync: nothing changed
                }
                String owner = ownerKey(pod);
                String oldOwner = ownerKey(old);
                if (pod.getMetadata().getDeletionTimestamp() != null && owner != null) {
                    // graceful deletion: the pod no longer counts, expect no more than this from it
                    expectations.deletionObserved(owner, Keys.of(pod));
                }
                if (oldOwner != null && !oldOwner.equals(owner)) {
                    keys.add(oldOwner); // released: the old owner may need a replacement
                }
                if (owner != null) {
                    keys.add(owner);
                } else if (OwnerRefs.controllerOf(pod).isEmpty()
                        && (!Objects.equals(old.getMetadata().getLabels(), pod.getMetadata().getLabels())
                        || OwnerRefs.controllerOf(old).isPresent())) {
                    keys.addAll(matchingOwners(pod));
                }
            }
            case DELETED -> {
                String owner = ownerKey(pod);
                if (owner != null) {
                    expectations.deletionObserved(owner, Keys.of(pod));
                    keys.add(owner);
                }
            }
        }
        return keys;
    }

    /** The key of the pod's controller if it is one of ours (right kind, and the same uid as in the cache). */
    private String ownerKey(Pod pod) {
        Optional<OwnerReference> ref = OwnerRefs.controllerOf(pod);
        if (ref.isEmpty() || !kind.kind().equals(ref.get().getKind())) {
            return null;
        }
        String key = Keys.of(pod.getMetadata().getNamespace(), ref.get().getName());
        T owner = owners.getIndexer().getByKey(key);
        return owner != null && ref.get().getUid().equals(owner.getMetadata().getUid()) ? key : null;
    }

    private List<String> matchingOwners(Pod pod) {
        List<String> keys = new ArrayList<>();
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        for (T owner : owners.getIndexer().byIndex(Cache.NAMESPACE_INDEX, pod.getMetadata().getNamespace())) {
            try {
                LabelSelector sel = kind.selector(owner);
                if (!sel.isEverything() && sel.matches(labels)) {
                    keys.add(Keys.of(owner));
                }
            } catch (SelectorException ignored) {
                // reported when the owner itself is reconciled
            }
        }
        return keys;
    }

    public Expectations expectations() {
        return expectations;
    }

    @Override
    public Result reconcile(String key) throws Exception {
        T owner = owners.getIndexer().getByKey(key);
        if (owner == null) {
            expectations.delete(key);
            return Result.done();
        }
        LabelSelector selector = Selectors.parseOrWarn(ctx.recorder(), owner, () -> kind.selector(owner)).orElse(null);
        if (selector == null) {
            return Result.done();
        }
        boolean needsSync = expectations.satisfied(key);
        List<Pod> active = new ArrayList<>();
        for (Pod p : pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, owner.getMetadata().getNamespace())) {
            if (Pods.isActive(p)) {
                active.add(p);
            }
        }
        String ns = owner.getMetadata().getNamespace();
        String ownerName = owner.getMetadata().getName();
        List<Pod> claimed = new Claimer<>(client, Pod.class, owner, selector,
                () -> client.resources(kind.type()).inNamespace(ns).withName(ownerName).get()).claim(active);

        Exception manageError = null;
        int diff = claimed.size() - kind.replicas(owner);
        if (needsSync && owner.getMetadata().getDeletionTimestamp() == null) {
            try {
                manage(key, owner, claimed);
            } catch (Exception e) {
                manageError = e;
            }
        }
        Instant now = clock.instant();
        ReplicaStatus status = calculateStatus(owner, claimed, manageError, diff, now);
        if (!status.equals(kind.status(owner))) {
            writeStatus(owner, status, Times.format(now));
        }
        if (manageError != null) {
            throw manageError;
        }
        return nextAvailability(owner, claimed, now);
    }

    /** Writes status; on a conflict (our cache lagged) once more onto the live object, as Kubernetes does. */
    private void writeStatus(T owner, ReplicaStatus status, String now) {
        try {
            client.resource(kind.withStatus(owner, status, now)).updateStatus();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            T live = client.resources(kind.type()).inNamespace(owner.getMetadata().getNamespace())
                    .withName(owner.getMetadata().getName()).get();
            if (live == null || !live.getMetadata().getUid().equals(owner.getMetadata().getUid())) {
                return; // deleted meanwhile
            }
            client.resource(kind.withStatus(live, status, now)).updateStatus();
        }
    }

    /** Ready pods become available after minReadySeconds with no event to tell us: look again then. */
    private Result nextAvailability(T owner, List<Pod> claimed, Instant now) {
        int minReady = kind.minReadySeconds(owner);
        Duration soonest = null;
        for (Pod p : claimed) {
            Optional<Duration> d = Pods.untilAvailable(p, minReady, now);
            if (d.isPresent() && (soonest == null || d.get().compareTo(soonest) < 0)) {
                soonest = d.get();
            }
        }
        return soonest == null ? Result.done() : Result.requeueAfter(soonest.plusMillis(100));
    }

    private void manage(String key, T owner, List<Pod> claimed) throws Exception {
        int diff = claimed.size() - kind.replicas(owner);
        if (diff < 0) {
            int want = Math.min(-diff, BURST);
            expectations.expectCreations(key, want);
            int attempted = 0;
            Exception failure = null;
            boolean terminating = false;
            for (int batch = 1; attempted < want && failure == null && !terminating;
                 batch = Math.min(batch * 2, want - attempted)) {
                int size = Math.min(batch, want - attempted);
                List<Callable<Void>> creates = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    creates.add(() -> {
                        podControl.create(kind.template(owner), owner);
                        return null;
                    });
                }
                attempted += size;
                for (Future<Void> f : writers.invokeAll(creates)) {
                    try {
                        f.get();
                    } catch (ExecutionException ex) {
                        expectations.creationSkipped(key); // this creation will never be observed
                        if (PodControl.namespaceTerminating(ex.getCause())) {
                            // the namespace controller deletes the owner: nothing to retry or report
                            terminating = true;
                            LOG.debug("{}: not creating pods, namespace {} is being terminated", key,
                                    owner.getMetadata().getNamespace());
                        } else {
                            failure = failure == null ? (Exception) ex.getCause() : failure;
                        }
                    }
                }
            }
            for (int i = attempted; i < want; i++) {
                expectations.creationSkipped(key); // never attempted after a failed batch
            }
            if (failure != null) {
                throw failure;
            }
        } else if (diff > 0) {
            List<Pod> victims = DeletionOrder.pick(claimed, Math.min(diff, BURST));
            expectations.expectDeletions(key, victims.stream().map(Keys::of).toList());
            List<Callable<Void>> deletes = new ArrayList<>();
            for (Pod p : victims) {
                deletes.add(() -> {
                    try {
                        if (!podControl.delete(p, owner)) {
                            expectations.deletionObserved(key, Keys.of(p)); // already gone: no event will come
                        }
                    } catch (KubernetesClientException e) {
                        expectations.deletionObserved(key, Keys.of(p));
                        throw e;
                    }
                    return null;
                });
            }
            Exception failure = null;
            for (Future<Void> f : writers.invokeAll(deletes)) {
                try {
                    f.get();
                } catch (ExecutionException ex) {
                    failure = failure == null ? (Exception) ex.getCause() : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    ReplicaStatus calculateStatus(T owner, List<Pod> claimed, Exception manageError, int diff, Instant now) {
        Map<String, String> templateLabels = kind.template(owner) == null || kind.template(owner).getMetadata() == null
                || kind.template(owner).getMetadata().getLabels() == null
                ? Map.of() : kind.template(owner).getMetadata().getLabels();
        int minReady = kind.minReadySeconds(owner);
        int fullyLabeled = 0;
        int ready = 0;
        int available = 0;
        for (Pod p : claimed) {
            Map<String, String> labels = p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels();
            if (labels.entrySet().containsAll(templateLabels.entrySet())) {
                fullyLabeled++;
            }
            if (Pods.isReady(p)) {
                ready++;
                if (Pods.isAvailable(p, minReady, now)) {
                    available++;
                }
            }
        }
        ReplicaStatus current = kind.status(owner);
        String reason = current.failureReason();
        String message = current.failureMessage();
        if (manageError != null && diff != 0) {
            reason = diff < 0 ? "FailedCreate" : "FailedDelete";
            message = manageError instanceof KubernetesClientException k && k.getStatus() != null
                    && k.getStatus().getMessage() != null ? k.getStatus().getMessage() : manageError.getMessage();
        } else if (manageError == null) {
            reason = null;
            message = null;
        }
        Long generation = owner.getMetadata().getGeneration();
        return new ReplicaStatus(claimed.size(), fullyLabeled, ready, available, generation == null ? 0 : generation,
                reason, message);
    }
}
