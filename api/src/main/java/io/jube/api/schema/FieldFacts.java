package io.jube.api.schema;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the fabric8 classes cannot tell: the {@code +patchStrategy}, {@code +patchMergeKey},
 * {@code +listType}, {@code +listMapKey}, {@code +mapType} markers and required fields of the
 * Kubernetes 1.32 API types (k8s.io/api, k8s.io/apimachinery meta/v1), keyed by definition name.
 */
final class FieldFacts {
    /** Semantics of one list or map field. */
    record ListFacts(String patchStrategy, String patchMergeKey, String listType, List<String> keys,
                     String mapType) {
    }

    private static final Map<String, ListFacts> LISTS = new HashMap<>();
    private static final Map<String, List<String>> REQUIRED = new HashMap<>();

    /** Fields Kubernetes types as metav1.Time or MicroTime (fabric8 models them as String). */
    static final Set<String> TIMESTAMPS = Set.of(
            "creationTimestamp", "deletionTimestamp", "lastTransitionTime", "lastProbeTime", "lastHeartbeatTime",
            "startTime", "startedAt", "finishedAt", "firstTimestamp", "lastTimestamp", "eventTime", "lastUpdateTime",
            "completionTime", "lastScheduleTime", "lastSuccessfulTime", "acquireTime", "renewTime",
            "expirationTimestamp", "lastObservedTime", "deprecatedFirstTimestamp", "deprecatedLastTimestamp",
            "time");

    /** Map fields whose values are base64 bytes. */
    private static final Set<String> BYTE_MAPS = Set.of("io.k8s.api.core.v1.Secret#data",
            "io.k8s.api.core.v1.ConfigMap#binaryData");

    private FieldFacts() {
    }

    static ListFacts list(String typeName, String field) {
        return LISTS.get(typeName + "#" + field);
    }

    static List<String> required(String typeName) {
        return REQUIRED.getOrDefault(typeName, List.of());
    }

    static boolean byteMap(String typeName, String field) {
        return BYTE_MAPS.contains(typeName + "#" + field);
    }

    private static String expand(String type) {
        if (type.startsWith("meta.")) {
            return "io.k8s.apimachinery.pkg.apis." + type;
        }
        if (type.startsWith("apiextensions.")) {
            return "io.k8s.apiextensions-apiserver.pkg.apis." + type;
        }
        return "io.k8s.api." + type;
    }

    /** patchStrategy merge with a key, listType map keyed by {@code keys}. */
    private static void mergeMap(String type, String field, String mergeKey, String... keys) {
        put(type, field, new ListFacts("merge", mergeKey, "map", List.of(keys), null));
    }

    private static void atomic(String type, String... fields) {
        for (String f : fields) {
            put(type, f, new ListFacts(null, null, "atomic", List.of(), null));
        }
    }

    private static void put(String type, String field, ListFacts facts) {
        LISTS.put(expand(type) + "#" + field, facts);
    }

    private static void required(String type, String... fields) {
        REQUIRED.put(expand(type), List.of(fields));
    }

    static {
        // core/v1 pods
        for (String f : List.of("containers", "initContainers", "ephemeralContainers", "imagePullSecrets",
                "schedulingGates")) {
            mergeMap("core.v1.PodSpec", f, "name", "name");
        }
        put("core.v1.PodSpec", "volumes", new ListFacts("merge,retainKeys", "name", "map", List.of("name"), null));
        put("core.v1.PodSpec", "resourceClaims",
                new ListFacts("merge,retainKeys", "name", "map", List.of("name"), null));
        mergeMap("core.v1.PodSpec", "hostAliases", "ip", "ip");
        mergeMap("core.v1.PodSpec", "topologySpreadConstraints", "topologyKey", "topologyKey", "whenUnsatisfiable");
        atomic("core.v1.PodSpec", "tolerations", "readinessGates");
        atomic("core.v1.PodSecurityContext", "supplementalGroups", "sysctls");
        for (String c : List.of("core.v1.Container", "core.v1.EphemeralContainer")) {
            mergeMap(c, "ports", "containerPort", "containerPort", "protocol");
            mergeMap(c, "env", "name", "name");
            mergeMap(c, "volumeMounts", "mountPath", "mountPath");
            mergeMap(c, "volumeDevices", "devicePath", "devicePath");
            atomic(c, "command", "args", "envFrom", "resizePolicy");
        }
        put("core.v1.ResourceRequirements", "claims", new ListFacts(null, null, "map", List.of("name"), null));
        atomic("core.v1.Capabilities", "add", "drop");
        atomic("core.v1.ExecAction", "command");
        atomic("core.v1.HTTPGetAction", "httpHeaders");
        atomic("core.v1.PodDNSConfig", "nameservers", "searches", "options");
        mergeMap("core.v1.PodStatus", "conditions", "type", "type");
        mergeMap("core.v1.PodStatus", "podIPs", "ip", "ip");
        put("core.v1.PodStatus", "hostIPs", new ListFacts("merge", "ip", "atomic", List.of(), null));
        put("core.v1.PodStatus", "resourceClaimStatuses",
                new ListFacts("merge,retainKeys", "name", "map", List.of("name"), null));
        atomic("core.v1.PodStatus", "initContainerStatuses", "containerStatuses", "ephemeralContainerStatuses");
        mergeMap("core.v1.ContainerStatus", "volumeMounts", "mountPath", "mountPath");
        put("core.v1.ContainerStatus", "allocatedResourcesStatus",
                new ListFacts(null, null, "map", List.of("name"), null));
        // scheduling constraints
        atomic("core.v1.NodeSelector", "nodeSelectorTerms");
        atomic("core.v1.NodeSelectorTerm", "matchExpressions", "matchFields");
        atomic("core.v1.NodeSelectorRequirement", "values");
        atomic("core.v1.NodeAffinity", "preferredDuringSchedulingIgnoredDuringExecution");
        for (String a : List.of("core.v1.PodAffinity", "core.v1.PodAntiAffinity")) {
            atomic(a, "requiredDuringSchedulingIgnoredDuringExecution",
                    "preferredDuringSchedulingIgnoredDuringExecution");
        }
        atomic("core.v1.PodAffinityTerm", "namespaces", "matchLabelKeys", "mismatchLabelKeys");
        atomic("core.v1.TopologySpreadConstraint", "matchLabelKeys");
        // volumes
        for (String v : List.of("core.v1.ConfigMapVolumeSource", "core.v1.SecretVolumeSource",
                "core.v1.DownwardAPIVolumeSource", "core.v1.ConfigMapProjection", "core.v1.SecretProjection",
                "core.v1.DownwardAPIProjection")) {
            atomic(v, "items");
        }
        atomic("core.v1.ProjectedVolumeSource", "sources");
        atomic("core.v1.PersistentVolumeClaimSpec", "accessModes");
        atomic("core.v1.PersistentVolumeClaimStatus", "accessModes");
        mergeMap("core.v1.PersistentVolumeClaimStatus", "conditions", "type", "type");
        atomic("core.v1.PersistentVolumeSpec", "accessModes", "mountOptions");
        // services, endpoints, nodes, namespaces
        mergeMap("core.v1.ServiceSpec", "ports", "port", "port", "protocol");
        put("core.v1.ServiceSpec", "selector", new ListFacts(null, null, null, List.of(), "atomic"));
        atomic("core.v1.ServiceSpec", "externalIPs", "loadBalancerSourceRanges", "clusterIPs", "ipFamilies");
        mergeMap("core.v1.ServiceStatus", "conditions", "type", "type");
        atomic("core.v1.LoadBalancerStatus", "ingress");
        atomic("core.v1.LoadBalancerIngress", "ports");
        atomic("core.v1.Endpoints", "subsets");
        atomic("core.v1.EndpointSubset", "addresses", "notReadyAddresses", "ports");
        put("core.v1.NodeSpec", "podCIDRs", new ListFacts("merge", null, "set", List.of(), null));
        atomic("core.v1.NodeSpec", "taints");
        mergeMap("core.v1.NodeStatus", "conditions", "type", "type");
        mergeMap("core.v1.NodeStatus", "addresses", "type", "type");
        atomic("core.v1.NodeStatus", "images", "volumesInUse", "volumesAttached", "runtimeHandlers");
        atomic("core.v1.NamespaceSpec", "finalizers");
        mergeMap("core.v1.NamespaceStatus", "conditions", "type", "type");
        mergeMap("core.v1.ServiceAccount", "secrets", "name", "name");
        atomic("core.v1.ServiceAccount", "imagePullSecrets");
        atomic("core.v1.LimitRangeSpec", "limits");
        atomic("core.v1.ResourceQuotaSpec", "scopes");
        atomic("core.v1.ScopeSelector", "matchExpressions");
        mergeMap("core.v1.ReplicationControllerStatus", "conditions", "type", "type");
        // meta/v1
        put("meta.v1.ObjectMeta", "finalizers", new ListFacts("merge", null, "set", List.of(), null));
        mergeMap("meta.v1.ObjectMeta", "ownerReferences", "uid", "uid");
        atomic("meta.v1.ObjectMeta", "managedFields");
        atomic("meta.v1.LabelSelector", "matchExpressions");
        atomic("meta.v1.LabelSelectorRequirement", "values");
        atomic("meta.v1.StatusDetails", "causes");
        atomic("meta.v1.DeleteOptions", "dryRun");
        // apps/v1
        put("apps.v1.DeploymentSpec", "strategy", new ListFacts("retainKeys", null, null, List.of(), null));
        for (String s : List.of("apps.v1.DeploymentStatus", "apps.v1.ReplicaSetStatus", "apps.v1.StatefulSetStatus",
                "apps.v1.DaemonSetStatus")) {
            mergeMap(s, "conditions", "type", "type");
        }
        atomic("apps.v1.StatefulSetSpec", "volumeClaimTemplates");
        // batch/v1
        put("batch.v1.JobStatus", "conditions", new ListFacts("merge", "type", "atomic", List.of(), null));
        atomic("batch.v1.CronJobStatus", "active");
        atomic("batch.v1.PodFailurePolicy", "rules");
        atomic("batch.v1.PodFailurePolicyRule", "onPodConditions");
        put("batch.v1.PodFailurePolicyOnExitCodesRequirement", "values",
                new ListFacts(null, null, "set", List.of(), null));
        atomic("batch.v1.SuccessPolicy", "rules");
        // autoscaling/v2
        atomic("autoscaling.v2.HorizontalPodAutoscalerSpec", "metrics");
        atomic("autoscaling.v2.HorizontalPodAutoscalerStatus", "currentMetrics");
        mergeMap("autoscaling.v2.HorizontalPodAutoscalerStatus", "conditions", "type", "type");
        atomic("autoscaling.v2.HPAScalingRules", "policies");
        // networking, policy, rbac, discovery, storage, apiextensions
        atomic("networking.v1.IngressSpec", "tls", "rules");
        atomic("networking.v1.IngressTLS", "hosts");
        atomic("networking.v1.HTTPIngressRuleValue", "paths");
        atomic("networking.v1.IngressLoadBalancerStatus", "ingress");
        atomic("networking.v1.NetworkPolicySpec", "ingress", "egress", "policyTypes");
        atomic("networking.v1.NetworkPolicyIngressRule", "ports", "from");
        atomic("networking.v1.NetworkPolicyEgressRule", "ports", "to");
        mergeMap("policy.v1.PodDisruptionBudgetStatus", "conditions", "type", "type");
        atomic("rbac.v1.Role", "rules");
        atomic("rbac.v1.ClusterRole", "rules");
        atomic("rbac.v1.RoleBinding", "subjects");
        atomic("rbac.v1.ClusterRoleBinding", "subjects");
        atomic("rbac.v1.PolicyRule", "verbs", "apiGroups", "resources", "resourceNames", "nonResourceURLs");
        atomic("rbac.v1.AggregationRule", "clusterRoleSelectors");
        atomic("discovery.v1.EndpointSlice", "endpoints", "ports");
        put("discovery.v1.Endpoint", "addresses", new ListFacts(null, null, "set", List.of(), null));
        atomic("storage.v1.StorageClass", "mountOptions", "allowedTopologies");
        mergeMap("storage.v1.CSINodeSpec", "drivers", "name", "name");
        put("storage.v1.CSIDriverSpec", "volumeLifecycleModes", new ListFacts(null, null, "set", List.of(), null));
        atomic("storage.v1.CSIDriverSpec", "tokenRequests");
        atomic("apiextensions.v1.CustomResourceDefinitionSpec", "versions");
        put("apiextensions.v1.CustomResourceDefinitionStatus", "conditions",
                new ListFacts(null, null, "map", List.of("type"), null));
        atomic("apiextensions.v1.CustomResourceDefinitionStatus", "storedVersions");
        atomic("apiextensions.v1.CustomResourceDefinitionNames", "shortNames", "categories");

        required("core.v1.PodSpec", "containers");
        required("core.v1.Container", "name");
        required("core.v1.EphemeralContainer", "name");
        required("core.v1.ContainerPort", "containerPort");
        required("core.v1.EnvVar", "name");
        required("core.v1.VolumeMount", "name", "mountPath");
        required("core.v1.Volume", "name");
        required("core.v1.ServicePort", "port");
        required("core.v1.KeyToPath", "key", "path");
        required("core.v1.ConfigMapKeySelector", "key");
        required("core.v1.SecretKeySelector", "key");
        required("core.v1.ObjectFieldSelector", "fieldPath");
        required("core.v1.ResourceFieldSelector", "resource");
        required("core.v1.HTTPGetAction", "port");
        required("core.v1.TCPSocketAction", "port");
        required("core.v1.NodeSelector", "nodeSelectorTerms");
        required("core.v1.NodeSelectorRequirement", "key", "operator");
        required("core.v1.PodAffinityTerm", "topologyKey");
        required("core.v1.WeightedPodAffinityTerm", "weight", "podAffinityTerm");
        required("core.v1.PreferredSchedulingTerm", "weight", "preference");
        required("core.v1.Taint", "key", "effect");
        required("core.v1.TopologySpreadConstraint", "maxSkew", "topologyKey", "whenUnsatisfiable");
        required("core.v1.PodCondition", "type", "status");
        required("core.v1.NodeCondition", "type", "status");
        required("core.v1.NodeAddress", "type", "address");
        required("core.v1.ContainerStatus", "name", "ready", "restartCount", "image", "imageID");
        required("core.v1.Binding", "target");
        required("core.v1.EndpointPort", "port");
        required("core.v1.EndpointAddress", "ip");
        required("core.v1.LimitRangeSpec", "limits");
        required("core.v1.LimitRangeItem", "type");
        required("core.v1.HostAlias", "ip");
        required("core.v1.Event", "metadata", "involvedObject");
        required("meta.v1.OwnerReference", "apiVersion", "kind", "name", "uid");
        required("meta.v1.LabelSelectorRequirement", "key", "operator");
        required("meta.v1.Condition", "type", "status", "lastTransitionTime", "reason", "message");
        required("meta.v1.APIResource", "name", "singularName", "namespaced", "kind", "verbs");
        required("meta.v1.APIResourceList", "groupVersion", "resources");
        required("meta.v1.WatchEvent", "type", "object");
        required("apps.v1.DeploymentSpec", "selector", "template");
        required("apps.v1.ReplicaSetSpec", "selector");
        required("apps.v1.StatefulSetSpec", "selector", "template");
        required("apps.v1.DaemonSetSpec", "selector", "template");
        required("apps.v1.DeploymentCondition", "type", "status");
        required("apps.v1.ControllerRevision", "revision");
        required("batch.v1.JobSpec", "template");
        required("batch.v1.CronJobSpec", "schedule", "jobTemplate");
        required("networking.v1.HTTPIngressPath", "pathType", "backend");
        required("networking.v1.HTTPIngressRuleValue", "paths");
        required("networking.v1.IngressServiceBackend", "name");
        required("rbac.v1.RoleBinding", "roleRef");
        required("rbac.v1.ClusterRoleBinding", "roleRef");
        required("rbac.v1.RoleRef", "apiGroup", "kind", "name");
        required("rbac.v1.Subject", "kind", "name");
        required("rbac.v1.PolicyRule", "verbs");
        required("storage.v1.StorageClass", "provisioner");
        required("storage.v1.VolumeAttachmentSpec", "attacher", "source", "nodeName");
        required("storage.v1.CSINodeSpec", "drivers");
        required("storage.v1.CSINodeDriver", "name", "nodeID");
        required("scheduling.v1.PriorityClass", "value");
        required("discovery.v1.EndpointSlice", "addressType", "endpoints");
        required("discovery.v1.Endpoint", "addresses");
        required("autoscaling.v2.HorizontalPodAutoscalerSpec", "scaleTargetRef", "maxReplicas");
        required("autoscaling.v2.CrossVersionObjectReference", "kind", "name");
        required("events.v1.Event", "eventTime");
        required("apiextensions.v1.CustomResourceDefinitionSpec", "group", "names", "scope", "versions");
        required("apiextensions.v1.CustomResourceDefinitionNames", "plural", "kind");
        required("apiextensions.v1.CustomResourceDefinitionVersion", "name", "served", "storage");
    }
}
