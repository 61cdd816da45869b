package io.jube.api.printers;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Table columns per kind, matching what Kubernetes 1.32's API server sends kubectl: names, types, formats,
 * priorities (1 = only with {@code -o wide}) and cell values. Like the real server, cells are computed as for
 * wide output, so load-balancer addresses are never shortened.
 */
public final class Printers {
    private Printers() {
    }

    /** The NAME column every table starts with. */
    public static final Column NAME = new Column("Name", "string", "name",
            "Name must be unique within a namespace.", 0, o -> Json.text(o, "metadata", "name"));

    /** The AGE column, computed from creationTimestamp (rendered by the REST layer's clock). */
    public static final Column AGE = new Column("Age", "string", "",
            "CreationTimestamp is a timestamp representing the server time when this object was created.", 0,
            o -> Ages.since(Json.text(o, "metadata", "creationTimestamp")));

    /** The generic table's second column for kinds without a printer (Role, LimitRange, CRD, ...): RFC 3339 UTC. */
    public static final Column CREATED_AT = new Column("Created At", "date", "",
            "CreationTimestamp is a timestamp representing the server time when this object was created.", 0,
            Printers::createdAt);

    private static final Map<String, Supplier<List<Column>>> BY_KIND = new HashMap<>();

    static {
        core("Pod", CoreColumns::pod);
        core("PodTemplate", CoreColumns::podTemplate);
        core("ReplicationController", CoreColumns::replicationController);
        core("Service", CoreColumns::service);
        core("Endpoints", CoreColumns::endpoints);
        core("Namespace", CoreColumns::namespace);
        core("Node", CoreColumns::node);
        core("ConfigMap", CoreColumns::configMap);
        core("Secret", CoreColumns::secret);
        core("ServiceAccount", CoreColumns::serviceAccount);
        core("PersistentVolume", CoreColumns::persistentVolume);
        core("PersistentVolumeClaim", CoreColumns::persistentVolumeClaim);
        core("Event", CoreColumns::event);
        core("ResourceQuota", CoreColumns::resourceQuota);
        add("apps", "Deployment", WorkloadColumns::deployment);
        add("apps", "ReplicaSet", WorkloadColumns::replicaSet);
        add("apps", "StatefulSet", WorkloadColumns::statefulSet);
        add("apps", "DaemonSet", WorkloadColumns::daemonSet);
        add("apps", "ControllerRevision", WorkloadColumns::controllerRevision);
        add("batch", "Job", WorkloadColumns::job);
        add("batch", "CronJob", WorkloadColumns::cronJob);
        add("autoscaling", "HorizontalPodAutoscaler", WorkloadColumns::horizontalPodAutoscaler);
        add("policy", "PodDisruptionBudget", WorkloadColumns::podDisruptionBudget);
        add("events.k8s.io", "Event", CoreColumns::event);
        add("networking.k8s.io", "Ingress", ClusterColumns::ingress);
        add("networking.k8s.io", "IngressClass", ClusterColumns::ingressClass);
        add("networking.k8s.io", "NetworkPolicy", ClusterColumns::networkPolicy);
        add("discovery.k8s.io", "EndpointSlice", ClusterColumns::endpointSlice);
        add("coordination.k8s.io", "Lease", ClusterColumns::lease);
        add("scheduling.k8s.io", "PriorityClass", ClusterColumns::priorityClass);
        add("rbac.authorization.k8s.io", "RoleBinding", () -> ClusterColumns.roleBinding("roleBinding"));
        add("rbac.authorization.k8s.io", "ClusterRoleBinding", () -> ClusterColumns.roleBinding("clusterRoleBinding"));
        add("storage.k8s.io", "StorageClass", ClusterColumns::storageClass);
        add("storage.k8s.io", "CSIDriver", ClusterColumns::csiDriver);
        add("storage.k8s.io", "CSINode", ClusterColumns::csiNode);
        add("storage.k8s.io", "CSIStorageCapacity", ClusterColumns::csiStorageCapacity);
        add("storage.k8s.io", "VolumeAttachment", ClusterColumns::volumeAttachment);
    }

    private static void core(String kind, Supplier<List<Column>> columns) {
        add("", kind, columns);
    }

    private static void add(String group, String kind, Supplier<List<Column>> columns) {
        BY_KIND.put(group + "/" + kind, columns);
    }

    /**
     * Columns for a built-in kind. Kinds Kubernetes prints with its generic table (Role, ClusterRole, LimitRange,
     * CustomResourceDefinition, ...) get Name and "Created At".
     */
    public static List<Column> columns(String group, String kind) {
        Supplier<List<Column>> s = BY_KIND.get(group + "/" + kind);
        return s == null ? List.of(NAME, CREATED_AT) : s.get();
    }

    /**
     * Columns for a custom resource version from its CRD's {@code additionalPrinterColumns} (JSONPath columns);
     * Name and a "date" Age column when none are declared.
     */
    public static List<Column> columnsFromCrd(JsonNode additionalPrinterColumns) {
        return CrdColumns.from(additionalPrinterColumns);
    }

    private static Object createdAt(JsonNode o) {
        String ts = Json.text(o, "metadata", "creationTimestamp");
        try {
            Instant t = ts == null || ts.isEmpty() ? Instant.EPOCH.minusSeconds(62135596800L) : Instant.parse(ts);
            return DateTimeFormatter.ISO_INSTANT.format(t.atOffset(ZoneOffset.UTC).withNano(0));
        } catch (RuntimeException e) {
            return ts;
        }
    }
}
