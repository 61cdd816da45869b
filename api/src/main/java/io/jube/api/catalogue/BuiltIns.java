package io.jube.api.catalogue;

import static io.jube.api.catalogue.Catalogue.Builder;

/** The built-in resources, with Kubernetes 1.32's names, short names, categories and subresources. */
final class BuiltIns {
    private static final String M = "io.fabric8.kubernetes.api.model.";

    private BuiltIns() {
    }

    static void register(Catalogue c) {
        // core/v1
        c.add(core("bindings", "Binding").verbs("create").model(cls(M + "Binding")).build());
        c.add(core("configmaps", "ConfigMap").shortNames("cm").model(cls(M + "ConfigMap")).build());
        c.add(core("endpoints", "Endpoints").shortNames("ep").model(cls(M + "Endpoints")).build());
        c.add(core("events", "Event").shortNames("ev").model(cls(M + "Event")).build());
        c.add(core("limitranges", "LimitRange").shortNames("limits").model(cls(M + "LimitRange")).build());
        c.add(core("namespaces", "Namespace").clusterScoped().shortNames("ns")
                .verbs("create", "delete", "get", "list", "patch", "update", "watch")
                .subresources("status", "finalize").model(cls(M + "Namespace")).build());
        c.add(core("nodes", "Node").clusterScoped().shortNames("no").subresources("status", "proxy")
                .model(cls(M + "Node")).build());
        c.add(core("persistentvolumeclaims", "PersistentVolumeClaim").shortNames("pvc").subresources("status")
                .model(cls(M + "PersistentVolumeClaim")).build());
        c.add(core("persistentvolumes", "PersistentVolume").clusterScoped().shortNames("pv").subresources("status")
                .model(cls(M + "PersistentVolume")).build());
        c.add(core("pods", "Pod").shortNames("po").categories("all")
                .subresources("status", "binding", "eviction", "log", "exec", "attach", "portforward", "proxy",
                        "ephemeralcontainers")
                .model(cls(M + "Pod")).build());
        c.add(core("podtemplates", "PodTemplate").model(cls(M + "PodTemplate")).build());
        c.add(core("replicationcontrollers", "ReplicationController").shortNames("rc").categories("all")
                .subresources("status", "scale").model(cls(M + "ReplicationController")).build());
        c.add(core("resourcequotas", "ResourceQuota").shortNames("quota").subresources("status")
                .model(cls(M + "ResourceQuota")).build());
        c.add(core("secrets", "Secret").model(cls(M + "Secret")).build());
        c.add(core("serviceaccounts", "ServiceAccount").shortNames("sa").subresources("token")
                .model(cls(M + "ServiceAccount")).build());
        c.add(core("services", "Service").shortNames("svc").categories("all").subresources("status", "proxy")
                .model(cls(M + "Service")).build());

        // apps/v1
        c.add(b("apps", "v1", "controllerrevisions", "ControllerRevision").model(cls(M + "apps.ControllerRevision")).build());
        c.add(b("apps", "v1", "daemonsets", "DaemonSet").shortNames("ds").categories("all").subresources("status")
                .model(cls(M + "apps.DaemonSet")).build());
        c.add(b("apps", "v1", "deployments", "Deployment").shortNames("deploy").categories("all")
                .subresources("status", "scale").model(cls(M + "apps.Deployment")).build());
        c.add(b("apps", "v1", "replicasets", "ReplicaSet").shortNames("rs").categories("all")
                .subresources("status", "scale").model(cls(M + "apps.ReplicaSet")).build());
        c.add(b("apps", "v1", "statefulsets", "StatefulSet").shortNames("sts").categories("all")
                .subresources("status", "scale").model(cls(M + "apps.StatefulSet")).build());

        // autoscaling: v2 is stored, v1 converted
        c.add(b("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler").shortNames("hpa")
                .categories("all").subresources("status")
                .model(cls(M + "autoscaling.v2.HorizontalPodAutoscaler")).build());
        c.add(b("autoscaling", "v1", "horizontalpodautoscalers", "HorizontalPodAutoscaler").shortNames("hpa")
                .categories("all").subresources("status")
                .model(cls(M + "autoscaling.v1.HorizontalPodAutoscaler"))
                .storageVersion("v2", Conversions.HPA_V1).build());

        // batch/v1
        c.add(b("batch", "v1", "cronjobs", "CronJob").shortNames("cj").categories("all").subresources("status")
                .model(cls(M + "batch.v1.CronJob")).build());
        c.add(b("batch", "v1", "jobs", "Job").categories("all").subresources("status")
                .model(cls(M + "batch.v1.Job")).build());

        c.add(b("coordination.k8s.io", "v1", "leases", "Lease").model(cls(M + "coordination.v1.Lease")).build());
        c.add(b("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice")
                .model(cls(M + "discovery.v1.EndpointSlice")).build());
        c.add(b("events.k8s.io", "v1", "events", "Event").shortNames("ev")
                .model(cls(M + "events.v1.Event")).storedAs("", "v1", "events", Conversions.EVENTS_V1).build());

        // networking.k8s.io/v1
        c.add(b("networking.k8s.io", "v1", "ingressclasses", "IngressClass").clusterScoped()
                .model(cls(M + "networking.v1.IngressClass")).build());
        c.add(b("networking.k8s.io", "v1", "ingresses", "Ingress").shortNames("ing").subresources("status")
                .model(cls(M + "networking.v1.Ingress")).build());
        c.add(b("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy").shortNames("netpol")
                .model(cls(M + "networking.v1.NetworkPolicy")).build());

        c.add(b("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget").shortNames("pdb").subresources("status")
                .model(cls(M + "policy.v1.PodDisruptionBudget")).build());

        // rbac.authorization.k8s.io/v1
        String rbac = "rbac.authorization.k8s.io";
        c.add(b(rbac, "v1", "clusterrolebindings", "ClusterRoleBinding").clusterScoped()
                .model(cls(M + "rbac.ClusterRoleBinding")).build());
        c.add(b(rbac, "v1", "clusterroles", "ClusterRole").clusterScoped().model(cls(M + "rbac.ClusterRole")).build());
        c.add(b(rbac, "v1", "rolebindings", "RoleBinding").model(cls(M + "rbac.RoleBinding")).build());
        c.add(b(rbac, "v1", "roles", "Role").model(cls(M + "rbac.Role")).build());

        // storage.k8s.io/v1
        String st = "storage.k8s.io";
        c.add(b(st, "v1", "csidrivers", "CSIDriver").clusterScoped().model(cls(M + "storage.CSIDriver")).build());
        c.add(b(st, "v1", "csinodes", "CSINode").clusterScoped().model(cls(M + "storage.CSINode")).build());
        c.add(b(st, "v1", "csistoragecapacities", "CSIStorageCapacity")
                .model(cls(M + "storage.CSIStorageCapacity")).build());
        c.add(b(st, "v1", "storageclasses", "StorageClass").clusterScoped().shortNames("sc")
                .model(cls(M + "storage.StorageClass")).build());
        c.add(b(st, "v1", "volumeattachments", "VolumeAttachment").clusterScoped().subresources("status")
                .model(cls(M + "storage.VolumeAttachment")).build());

        c.add(b("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass").clusterScoped().shortNames("pc")
                .model(cls(M + "scheduling.v1.PriorityClass")).build());

        c.add(b("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition")
                .clusterScoped().shortNames("crd", "crds").subresources("status")
                .model(cls(M + "apiextensions.v1.CustomResourceDefinition")).build());
    }

    private static Builder core(String plural, String kind) {
        return new Builder("", "v1", plural, kind);
    }

    private static Builder b(String group, String version, String plural, String kind) {
        return new Builder(group, version, plural, kind);
    }

    private static Class<?> cls(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("model class missing: " + name, e);
        }
    }
}
