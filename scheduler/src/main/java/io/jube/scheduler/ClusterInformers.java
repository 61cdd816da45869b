package io.jube.scheduler;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jube.scheduler.cache.SchedulerCache;
import io.jube.scheduler.framework.ClusterLister;
import io.jube.scheduler.framework.PodInfo;
import io.jube.scheduler.queue.SchedulingQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's shared informers. Unassigned pods of this scheduler feed the queue, assigned pods the cache;
 * nodes feed the cache; volumes, classes, namespaces and budgets back the {@link ClusterLister}. Events that may
 * make parked pods schedulable (node added or changed, pod deleted, volume objects changed) move them back.
 */
final class ClusterInformers implements ClusterLister, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterInformers.class);
    /**
     * Lists come in pages of this many, as client-go's reflectors ask: fabric8 decodes a response on the client's
     * event loop, and one response of 10,000 pods held it (and the leader-election renewals behind it) for seconds.
     */
    static final long LIST_PAGE = 500;

    private final KubernetesClient client;
    private final String schedulerName;
    private final SchedulerCache cache;
    private final SchedulingQueue queue;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private SharedIndexInformer<PersistentVolumeClaim> pvcs;
    private SharedIndexInformer<PersistentVolume> pvs;
    private SharedIndexInformer<StorageClass> classes;
    private SharedIndexInformer<Namespace> namespaces;
    private SharedIndexInformer<PodDisruptionBudget> pdbs;
    private SharedIndexInformer<PriorityClass> priorityClasses;

    ClusterInformers(KubernetesClient client, String schedulerName, SchedulerCache cache, SchedulingQueue queue) {
        this.client = client;
        this.schedulerName = schedulerName;
        this.cache = cache;
        this.queue = queue;
    }

    /** Starts every informer and waits for their initial lists (priority classes before pods). */
    void start() {
        ResourceEventHandler<Object> mover = new ResourceEventHandler<>() {
            public void onAdd(Object o) { queue.moveAllToActiveOrBackoff(); }
            public void onUpdate(Object a, Object b) { queue.moveAllToActiveOrBackoff(); }
            public void onDelete(Object o, boolean unknown) { }
        };
        priorityClasses = listAndWatch(client.scheduling().v1().priorityClasses().withLimit(LIST_PAGE).runnableInformer(0), null);
        namespaces = listAndWatch(client.namespaces().withLimit(LIST_PAGE).runnableInformer(0), null);
        pdbs = listAndWatch(client.policy().v1().podDisruptionBudget().inAnyNamespace().withLimit(LIST_PAGE).runnableInformer(0), null);
        classes = listAndWatch(client.storage().v1().storageClasses().withLimit(LIST_PAGE).runnableInformer(0), cast(mover));
        pvs = listAndWatch(client.persistentVolumes().withLimit(LIST_PAGE).runnableInformer(0), cast(mover));
        pvcs = listAndWatch(client.persistentVolumeClaims().inAnyNamespace().withLimit(LIST_PAGE).runnableInformer(0), cast(mover));
        listAndWatch(client.nodes().withLimit(LIST_PAGE).runnableInformer(0), new NodeHandler());
        listAndWatch(client.pods().inAnyNamespace().withLimit(LIST_PAGE).runnableInformer(0), new PodHandler());
    }

    @SuppressWarnings("unchecked")
    private static <T> ResourceEventHandler<T> cast(ResourceEventHandler<Object> h) {
        return (ResourceEventHandler<T>) (ResourceEventHandler<?>) h;
    }

    /** Starts {@code i} and waits for its initial list. */
    private <T> SharedIndexInformer<T> listAndWatch(SharedIndexInformer<T> i, ResourceEventHandler<T> handler) {
        if (handler != null) {
            i.addEventHandler(handler);
        }
        i.exceptionHandler((synced, error) -> synced); // once listed, relist and rewatch (with back-off) after any error
        informers.add(i);
        i.run();
        return i;
    }

    /** spec.priority as admission set it, else the pod's PriorityClass, else the global default, else 0. */
    int priorityOf(Pod pod) {
        if (pod.getSpec().getPriority() != null) {
            return pod.getSpec().getPriority();
        }
        String cls = pod.getSpec().getPriorityClassName();
        if (priorityClasses != null) {
            for (PriorityClass pc : priorityClasses.getStore().list()) {
                if (cls != null && !cls.isEmpty() ? cls.equals(pc.getMetadata().getName())
                        : Boolean.TRUE.equals(pc.getGlobalDefault())) {
                    return pc.getValue() == null ? 0 : pc.getValue();
                }
            }
        }
        return 0;
    }

    private static boolean assigned(Pod p) {
        return p.getSpec().getNodeName() != null && !p.getSpec().getNodeName().isEmpty();
    }

    private static boolean terminal(Pod p) {
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private boolean responsible(Pod p) {
        String name = p.getSpec().getSchedulerName();
        return (name == null || name.isEmpty() ? "default-scheduler" : name).equals(schedulerName);
    }

    private static String key(Pod p) {
        return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
    }

    private final class PodHandler implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod p) {
            try {
                if (assigned(p)) {
                    queue.delete(key(p));
                    if (terminal(p)) {
                        cache.removePod(key(p));
                        queue.moveAllToActiveOrBackoff();
                    } else {
                        cache.addOrUpdatePod(new PodInfo(p, priorityOf(p)));
                    }
                } else if (responsible(p) && !terminal(p) && p.getMetadata().getDeletionTimestamp() == null) {
                    queue.add(new PodInfo(p, priorityOf(p)));
                }
            } catch (RuntimeException e) {
                LOG.warn("ignoring pod {}: {}", key(p), e.toString());
            }
        }

        @Override
        public void onUpdate(Pod old, Pod p) {
            if (!assigned(p) && (!responsible(p) || p.getMetadata().getDeletionTimestamp() != null)) {
                queue.delete(key(p));
                return;
            }
            onAdd(p);
        }

        @Override
        public void onDelete(Pod p, boolean finalStateUnknown) {
            queue.delete(key(p));
            if (cache.contains(key(p))) {
                cache.removePod(key(p));
                queue.moveAllToActiveOrBackoff();
            }
        }
    }

    private final class NodeHandler implements ResourceEventHandler<Node> {
        @Override
        public void onAdd(Node n) {
            cache.addOrUpdateNode(n);
            queue.moveAllToActiveOrBackoff();
        }

        @Override
        public void onUpdate(Node old, Node n) {
            cache.addOrUpdateNode(n);
            if (schedulingRelevantChange(old, n)) {
                queue.moveAllToActiveOrBackoff();
            }
        }

        @Override
        public void onDelete(Node n, boolean finalStateUnknown) {
            cache.removeNode(n.getMetadata().getName());
        }
    }

    /** Heartbeats change only conditions and timestamps; labels, taints, allocatable or cordon matter. */
    private static boolean schedulingRelevantChange(Node a, Node b) {
        return !Objects.equals(a.getMetadata().getLabels(), b.getMetadata().getLabels())
                || !Objects.equals(a.getSpec(), b.getSpec())
                || !Objects.equals(a.getStatus() == null ? null : a.getStatus().getAllocatable(),
                b.getStatus() == null ? null : b.getStatus().getAllocatable());
    }

    @Override
    public PersistentVolumeClaim pvc(String namespace, String name) {
        return pvcs.getStore().getByKey(namespace + "/" + name);
    }

    @Override
    public PersistentVolume pv(String name) {
        return pvs.getStore().getByKey(name);
    }

    @Override
    public List<PersistentVolume> pvs() {
        return pvs.getStore().list();
    }

    @Override
    public StorageClass storageClass(String name) {
        return classes.getStore().getByKey(name);
    }

    @Override
    public Map<String, String> namespaceLabels(String namespace) {
        Namespace ns = namespaces.getStore().getByKey(namespace);
        Map<String, String> l = ns == null ? null : ns.getMetadata().getLabels();
        return l == null ? Map.of() : l;
    }

    @Override
    public List<PodDisruptionBudget> pdbs(String namespace) {
        List<PodDisruptionBudget> all = pdbs.getStore().list();
        return namespace == null ? all
                : all.stream().filter(b -> namespace.equals(b.getMetadata().getNamespace())).toList();
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        informers.clear();
    }
}
