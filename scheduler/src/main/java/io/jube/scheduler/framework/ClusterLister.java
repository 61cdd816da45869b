package io.jube.scheduler.framework;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.List;
import java.util.Map;

/** Read-only lookups of the non-node objects some plugins need (informer caches in production). */
public interface ClusterLister {
    PersistentVolumeClaim pvc(String namespace, String name);

    PersistentVolume pv(String name);

    List<PersistentVolume> pvs();

    StorageClass storageClass(String name);

    Map<String, String> namespaceLabels(String namespace);

    /** Budgets in a namespace, or in all namespaces when {@code namespace} is null. */
    List<PodDisruptionBudget> pdbs(String namespace);

    /** An empty cluster: no volumes, namespaces without labels, no budgets (for unit tests of pure logic). */
    ClusterLister EMPTY = new ClusterLister() {
        public PersistentVolumeClaim pvc(String ns, String n) { return null; }
        public PersistentVolume pv(String n) { return null; }
        public List<PersistentVolume> pvs() { return List.of(); }
        public StorageClass storageClass(String n) { return null; }
        public Map<String, String> namespaceLabels(String ns) { return Map.of(); }
        public List<PodDisruptionBudget> pdbs(String ns) { return List.of(); }
    };
}
