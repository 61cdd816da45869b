package io.jube.api.strategy;

import io.jube.api.validation.NameRule;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The strategy of each built-in kind, by group and kind. Every strategy validates metadata
 * (name rule, scope, labels, annotations, finalizers, owner references) as well as its kind's
 * fields, so the REST layer need not call {@code ObjectMetaValidation} itself.
 */
public final class Strategies {
    private static final String APPS = "apps";
    private static final String RBAC = "rbac.authorization.k8s.io";

    private static final Map<String, Supplier<Strategy>> KINDS = Map.ofEntries(
            Map.entry(key("", "Pod"), PodStrategy::new),
            Map.entry(key("", "PodTemplate"), PodTemplateStrategy::new),
            Map.entry(key("", "ReplicationController"), ReplicationControllerStrategy::new),
            Map.entry(key("", "Service"), ServiceStrategy::new),
            Map.entry(key("", "Namespace"), NamespaceStrategy::new),
            Map.entry(key("", "Node"), NodeStrategy::new),
            Map.entry(key("", "ConfigMap"), ConfigMapStrategy::new),
            Map.entry(key("", "Secret"), SecretStrategy::new),
            Map.entry(key("", "PersistentVolumeClaim"), PersistentVolumeClaimStrategy::new),
            Map.entry(key("", "PersistentVolume"), PersistentVolumeStrategy::new),
            Map.entry(key("", "ServiceAccount"), ServiceAccountStrategy::new),
            Map.entry(key("", "Event"), EventStrategy::new),
            Map.entry(key("events.k8s.io", "Event"), EventStrategy::new),
            Map.entry(key(APPS, "ReplicaSet"), ReplicaSetStrategy::new),
            Map.entry(key(APPS, "Deployment"), DeploymentStrategy::new),
            Map.entry(key(APPS, "StatefulSet"), StatefulSetStrategy::new),
            Map.entry(key(APPS, "DaemonSet"), DaemonSetStrategy::new),
            Map.entry(key("batch", "Job"), JobStrategy::new),
            Map.entry(key("batch", "CronJob"), CronJobStrategy::new),
            Map.entry(key("coordination.k8s.io", "Lease"), LeaseStrategy::new),
            Map.entry(key(RBAC, "Role"), () -> new RoleStrategy(true)),
            Map.entry(key(RBAC, "ClusterRole"), () -> new RoleStrategy(false)),
            Map.entry(key(RBAC, "RoleBinding"), () -> new RoleBindingStrategy(true)),
            Map.entry(key(RBAC, "ClusterRoleBinding"), () -> new RoleBindingStrategy(false)),
            Map.entry(key("storage.k8s.io", "StorageClass"), StorageClassStrategy::new),
            Map.entry(key("scheduling.k8s.io", "PriorityClass"), PriorityClassStrategy::new),
            Map.entry(key("networking.k8s.io", "Ingress"), IngressStrategy::new),
            Map.entry(key("autoscaling", "HorizontalPodAutoscaler"), HorizontalPodAutoscalerStrategy::new),
            Map.entry(key("policy", "PodDisruptionBudget"), PodDisruptionBudgetStrategy::new),
            Map.entry(key("apiextensions.k8s.io", "CustomResourceDefinition"), CustomResourceDefinitionStrategy::new));

    /** Built-in kinds without their own strategy that are cluster-scoped. */
    private static final Set<String> CLUSTER_SCOPED = Set.of(key("networking.k8s.io", "IngressClass"),
            key("storage.k8s.io", "CSIDriver"), key("storage.k8s.io", "CSINode"),
            key("storage.k8s.io", "VolumeAttachment"));

    /** Built-in kinds without their own strategy, checked only for metadata. */
    private static final Set<String> METADATA_ONLY = Set.of(key("", "Endpoints"), key("", "LimitRange"),
            key("", "ResourceQuota"), key("", "Binding"), key(APPS, "ControllerRevision"),
            key("discovery.k8s.io", "EndpointSlice"), key("networking.k8s.io", "NetworkPolicy"),
            key("storage.k8s.io", "CSIStorageCapacity"));

    private Strategies() {
    }

    private static String key(String group, String kind) {
        return group + "/" + kind;
    }

    /** The strategy of a built-in kind; {@link Strategy#NONE} for a kind Jube does not know. */
    public static Strategy forKind(String group, String kind) {
        String k = key(group, kind);
        Supplier<Strategy> s = KINDS.get(k);
        if (s != null) {
            return s.get();
        }
        if (CLUSTER_SCOPED.contains(k)) {
            return new MetadataOnlyStrategy(false, NameRule.DNS1123_SUBDOMAIN);
        }
        if (METADATA_ONLY.contains(k)) {
            return new MetadataOnlyStrategy(true, NameRule.DNS1123_SUBDOMAIN);
        }
        return Strategy.NONE;
    }

    /** Metadata-only validation, e.g. for the objects of a CustomResourceDefinition. */
    public static Strategy metadataOnly(boolean namespaced) {
        return new MetadataOnlyStrategy(namespaced, NameRule.DNS1123_SUBDOMAIN);
    }
}
