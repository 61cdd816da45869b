package io.jube.api.schema;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps fabric8 model classes to the definition names Kubernetes publishes in its OpenAPI
 * documents ({@code io.fabric8.kubernetes.api.model.apps.Deployment} →
 * {@code io.k8s.api.apps.v1.Deployment}), so clients that look definitions up by name find them.
 */
public final class KubeNames {
    private static final String F = "io.fabric8.kubernetes.api.model";
    private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

    /** fabric8 sub-package → Kubernetes package prefix, longest first where one is a prefix of another. */
    private static final List<Map.Entry<String, String>> PACKAGES = List.of(
            Map.entry("apps", "io.k8s.api.apps.v1"),
            Map.entry("batch.v1", "io.k8s.api.batch.v1"),
            Map.entry("autoscaling.v1", "io.k8s.api.autoscaling.v1"),
            Map.entry("autoscaling.v2", "io.k8s.api.autoscaling.v2"),
            Map.entry("coordination.v1", "io.k8s.api.coordination.v1"),
            Map.entry("discovery.v1", "io.k8s.api.discovery.v1"),
            Map.entry("events.v1", "io.k8s.api.events.v1"),
            Map.entry("networking.v1", "io.k8s.api.networking.v1"),
            Map.entry("policy.v1", "io.k8s.api.policy.v1"),
            Map.entry("rbac", "io.k8s.api.rbac.v1"),
            Map.entry("storage", "io.k8s.api.storage.v1"),
            Map.entry("scheduling.v1", "io.k8s.api.scheduling.v1"),
            Map.entry("apiextensions.v1", "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1"),
            Map.entry("runtime", "io.k8s.apimachinery.pkg.runtime"),
            Map.entry("version", "io.k8s.apimachinery.pkg.version"));

    /** Types fabric8 keeps in its core package that Kubernetes defines in meta/v1. */
    private static final Set<String> META_TYPES = Set.of(
            "APIGroup", "APIGroupList", "APIResource", "APIResourceList", "APIVersions", "Condition",
            "CreateOptions", "DeleteOptions", "Duration", "FieldSelectorRequirement", "FieldsV1", "GetOptions",
            "GroupVersionForDiscovery", "LabelSelector", "LabelSelectorRequirement", "ListMeta", "ListOptions",
            "ManagedFieldsEntry", "MicroTime", "ObjectMeta", "OwnerReference", "Patch", "PatchOptions",
            "Preconditions", "ServerAddressByClientCIDR", "Status", "StatusCause", "StatusDetails", "Time",
            "TypeMeta", "UpdateOptions", "WatchEvent", "Table", "TableColumnDefinition", "TableRow",
            "TableRowCondition", "PartialObjectMetadata", "PartialObjectMetadataList", "RootPaths");

    private KubeNames() {
    }

    /** The Kubernetes definition name of a fabric8 model class, or null when it is not one. */
    public static String of(Class<?> c) {
        String name = c.getName();
        if (!name.startsWith(F + ".")) {
            return null;
        }
        String simple = c.getSimpleName();
        String pkg = c.getPackageName();
        if (pkg.equals(F)) {
            return switch (simple) {
                case "Quantity" -> "io.k8s.apimachinery.pkg.api.resource.Quantity";
                case "IntOrString" -> "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
                default -> (META_TYPES.contains(simple) ? META : "io.k8s.api.core.v1.") + simple;
            };
        }
        String sub = pkg.substring(F.length() + 1);
        for (Map.Entry<String, String> e : PACKAGES) {
            if (sub.equals(e.getKey())) {
                return e.getValue() + "." + simple;
            }
        }
        return null;
    }

    /** The definition name Kubernetes gives a custom resource kind: reversed group, version, kind. */
    public static String ofCustom(String group, String version, String kind) {
        String[] parts = group.split("\\.");
        StringBuilder sb = new StringBuilder();
        for (int i = parts.length - 1; i >= 0; i--) {
            sb.append(parts[i]).append('.');
        }
        return sb.append(version).append('.').append(kind).toString();
    }
}
