package io.jube.api.schema;

import java.util.Map;

/**
 * Short descriptions for {@code kubectl explain}: the fabric8 classes carry none, so the top-level
 * kinds and the fields every object has get one line each, in Kubernetes' words.
 */
final class Descriptions {
    private static final Map<String, String> FIELDS = Map.of(
            "apiVersion", "APIVersion defines the versioned schema of this representation of an object. Servers "
                    + "should convert recognized schemas to the latest internal value, and may reject unrecognized "
                    + "values.",
            "kind", "Kind is a string value representing the REST resource this object represents. Servers may "
                    + "infer this from the endpoint the client submits requests to. In CamelCase.",
            "metadata", "Standard object's metadata.",
            "spec", "Specification of the desired behavior of the object.",
            "status", "Most recently observed status of the object. Populated by the system. Read-only.",
            "items", "List of objects.");

    private static final Map<String, String> KINDS = Map.ofEntries(
            Map.entry("Pod", "Pod is a collection of containers that can run on a host. This resource is created by "
                    + "clients and scheduled onto hosts."),
            Map.entry("Binding", "Binding ties one object to another; for example, a pod is bound to a node by a "
                    + "scheduler."),
            Map.entry("ConfigMap", "ConfigMap holds configuration data for pods to consume."),
            Map.entry("Endpoints", "Endpoints is a collection of endpoints that implement the actual service."),
            Map.entry("Event", "Event is a report of an event somewhere in the cluster."),
            Map.entry("LimitRange", "LimitRange sets resource usage limits for each kind of resource in a "
                    + "Namespace."),
            Map.entry("Namespace", "Namespace provides a scope for Names. Use of multiple namespaces is optional."),
            Map.entry("Node", "Node is a worker node in Kubernetes. Each node will have a unique identifier in the "
                    + "cache (i.e. in etcd)."),
            Map.entry("PersistentVolumeClaim", "PersistentVolumeClaim is a user's request for and claim to a "
                    + "persistent volume"),
            Map.entry("PersistentVolume", "PersistentVolume (PV) is a storage resource provisioned by an "
                    + "administrator. It is analogous to a node."),
            Map.entry("PodTemplate", "PodTemplate describes a template for creating copies of a predefined pod."),
            Map.entry("ReplicationController", "ReplicationController represents the configuration of a "
                    + "replication controller."),
            Map.entry("ResourceQuota", "ResourceQuota sets aggregate quota restrictions enforced per namespace"),
            Map.entry("Secret", "Secret holds secret data of a certain type. The total bytes of the values in the "
                    + "Data field must be less than MaxSecretSize bytes."),
            Map.entry("ServiceAccount", "ServiceAccount binds together: * a name, understood by users, and perhaps "
                    + "by peripheral systems, for an identity * a principal that can be authenticated and "
                    + "authorized * a set of secrets"),
            Map.entry("Service", "Service is a named abstraction of software service (for example, mysql) "
                    + "consisting of local port (for example 3306) that the proxy listens on, and the selector "
                    + "that determines which pods will answer requests sent through the proxy."),
            Map.entry("ControllerRevision", "ControllerRevision implements an immutable snapshot of state data."),
            Map.entry("DaemonSet", "DaemonSet represents the configuration of a daemon set."),
            Map.entry("Deployment", "Deployment enables declarative updates for Pods and ReplicaSets."),
            Map.entry("ReplicaSet", "ReplicaSet ensures that a specified number of pod replicas are running at any "
                    + "given time."),
            Map.entry("StatefulSet", "StatefulSet represents a set of pods with consistent identities."),
            Map.entry("HorizontalPodAutoscaler", "HorizontalPodAutoscaler is the configuration for a horizontal "
                    + "pod autoscaler, which automatically manages the replica count of any resource implementing "
                    + "the scale subresource based on the metrics specified."),
            Map.entry("CronJob", "CronJob represents the configuration of a single cron job."),
            Map.entry("Job", "Job represents the configuration of a single job."),
            Map.entry("Lease", "Lease defines a lease concept."),
            Map.entry("EndpointSlice", "EndpointSlice represents a subset of the endpoints that implement a "
                    + "service."),
            Map.entry("IngressClass", "IngressClass represents the class of the Ingress, referenced by the Ingress "
                    + "Spec."),
            Map.entry("Ingress", "Ingress is a collection of rules that allow inbound connections to reach the "
                    + "endpoints defined by a backend."),
            Map.entry("NetworkPolicy", "NetworkPolicy describes what network traffic is allowed for a set of Pods"),
            Map.entry("PodDisruptionBudget", "PodDisruptionBudget is an object to define the max disruption that "
                    + "can be caused to a collection of pods"),
            Map.entry("ClusterRoleBinding", "ClusterRoleBinding references a ClusterRole, but not contain it."),
            Map.entry("ClusterRole", "ClusterRole is a cluster level, logical grouping of PolicyRules that can be "
                    + "referenced as a unit by a RoleBinding or ClusterRoleBinding."),
            Map.entry("RoleBinding", "RoleBinding references a role, but does not contain it."),
            Map.entry("Role", "Role is a namespaced, logical grouping of PolicyRules that can be referenced as a "
                    + "unit by a RoleBinding."),
            Map.entry("CSIDriver", "CSIDriver captures information about a Container Storage Interface (CSI) "
                    + "volume driver deployed on the cluster."),
            Map.entry("CSINode", "CSINode holds information about all CSI drivers installed on a node."),
            Map.entry("CSIStorageCapacity", "CSIStorageCapacity stores the result of one CSI GetCapacity call."),
            Map.entry("StorageClass", "StorageClass describes the parameters for a class of storage for which "
                    + "PersistentVolumes can be dynamically provisioned."),
            Map.entry("VolumeAttachment", "VolumeAttachment captures the intent to attach or detach the specified "
                    + "volume to/from the specified node."),
            Map.entry("PriorityClass", "PriorityClass defines mapping from a priority class name to the priority "
                    + "integer value."),
            Map.entry("CustomResourceDefinition", "CustomResourceDefinition represents a resource that should be "
                    + "exposed on the API server.  Its name MUST be in the format <.spec.name>.<.spec.group>."),
            Map.entry("ObjectMeta", "ObjectMeta is metadata that all persisted resources must have, which includes "
                    + "all objects users must create."),
            Map.entry("Status", "Status is a return value for calls that don't return other objects."),
            Map.entry("DeleteOptions", "DeleteOptions may be provided when deleting an API object."),
            Map.entry("Container", "A single application container that you want to run within a pod."),
            Map.entry("PodSpec", "PodSpec is a description of a pod."));

    private Descriptions() {
    }

    /** Description of a named type by its Kubernetes definition name, or null. */
    static String ofType(String typeName) {
        if (typeName == null) {
            return null;
        }
        String simple = typeName.substring(typeName.lastIndexOf('.') + 1);
        if (simple.endsWith("List") && typeName.startsWith("io.k8s.api.")) {
            String kind = simple.substring(0, simple.length() - 4);
            return KINDS.containsKey(kind) ? simple + " is a list of " + kind + " objects." : null;
        }
        return KINDS.get(simple);
    }

    /** Description of a field every object shares (apiVersion, kind, metadata, spec, status), or null. */
    static String ofField(String ownerType, String field) {
        if (field.equals("items") && (ownerType == null || !ownerType.endsWith("List"))) {
            return null;
        }
        return FIELDS.get(field);
    }
}
