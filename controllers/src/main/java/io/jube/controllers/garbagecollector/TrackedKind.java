package io.jube.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.Optional;

/**
 * A kind whose objects the garbage collector keeps in its dependency graph (a shared informer per
 * kind). Owners of other kinds are still honoured: they are looked up live through discovery.
 */
record TrackedKind(String group, String kind, Class<? extends HasMetadata> type, boolean namespaced) {
    TrackedKind(String group, String kind, Class<? extends HasMetadata> type) {
        this(group, kind, type, true);
    }

    static final List<TrackedKind> ALL = List.of(
            new TrackedKind("", "Pod", Pod.class),
            new TrackedKind("", "ReplicationController", ReplicationController.class),
            new TrackedKind("", "Service", Service.class),
            new TrackedKind("", "Endpoints", Endpoints.class),
            new TrackedKind("", "ConfigMap", ConfigMap.class),
            new TrackedKind("", "Secret", Secret.class),
            new TrackedKind("", "ServiceAccount", ServiceAccount.class),
            new TrackedKind("", "PersistentVolumeClaim", PersistentVolumeClaim.class),
            new TrackedKind("apps", "ReplicaSet", ReplicaSet.class),
            new TrackedKind("apps", "Deployment", Deployment.class),
            new TrackedKind("apps", "StatefulSet", StatefulSet.class),
            new TrackedKind("apps", "DaemonSet", DaemonSet.class),
            new TrackedKind("apps", "ControllerRevision", ControllerRevision.class),
            new TrackedKind("batch", "Job", Job.class),
            new TrackedKind("batch", "CronJob", CronJob.class),
            new TrackedKind("discovery.k8s.io", "EndpointSlice", EndpointSlice.class),
            new TrackedKind("coordination.k8s.io", "Lease", Lease.class),
            new TrackedKind("", "Node", Node.class, false));

    /** The tracked kind an owner reference's {@code apiVersion}/{@code kind} names (any version of the group). */
    static Optional<TrackedKind> of(String apiVersion, String kind) {
        String group = apiVersion == null || !apiVersion.contains("/") ? "" : apiVersion.substring(0, apiVersion.indexOf('/'));
        return ALL.stream().filter(k -> k.group.equals(group) && k.kind.equals(kind)).findFirst();
    }

    /** The informer cache key of an object of this kind. */
    String cacheKey(String namespace, String name) {
        return namespaced && namespace != null && !namespace.isEmpty() ? namespace + "/" + name : name;
    }

    boolean matches(String group, String kind) {
        return this.group.equals(group) && this.kind.equals(kind);
    }

    static Optional<TrackedKind> named(String kind) {
        return ALL.stream().filter(k -> k.kind.equals(kind)).findFirst();
    }
}
