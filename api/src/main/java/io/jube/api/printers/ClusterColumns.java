package io.jube.api.printers;

import static io.jube.api.printers.Cells.col;
import static io.jube.api.printers.Cells.list;
import static io.jube.api.printers.Cells.present;
import static io.jube.api.printers.Cells.str;
import static io.jube.api.printers.Cells.wide;
import static io.jube.api.printers.Printers.AGE;
import static io.jube.api.printers.Printers.NAME;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.Json;
import java.util.ArrayList;
import java.util.List;

/** Columns of networking, discovery, rbac, storage, scheduling and coordination kinds (Kubernetes 1.32). */
final class ClusterColumns {
    private ClusterColumns() {
    }

    static List<Column> ingress() {
        return List.of(NAME,
                col("Class", "string", "The name of the IngressClass resource that should be used for additional"
                        + " configuration", o -> present(o, "spec", "ingressClassName")
                        ? str(o, "spec", "ingressClassName") : "<none>"),
                col("Hosts", "string", "Hosts that incoming requests are matched against before the ingress rule",
                        ClusterColumns::hosts),
                col("Address", "string", "Address is a list containing ingress points for the load-balancer",
                        o -> CoreColumns.loadBalancer(Json.at(o, "status", "loadBalancer"))),
                col("Ports", "string", "Ports of TLS configurations that open",
                        o -> list(o, "spec", "tls").isEmpty() ? "80" : "80, 443"),
                AGE);
    }

    private static String hosts(JsonNode ing) {
        List<JsonNode> rules = list(ing, "spec", "rules");
        final int max = 3;
        List<String> shown = new ArrayList<>();
        boolean more = false;
        for (JsonNode rule : rules) {
            if (shown.size() == max) {
                more = true;
            }
            String host = rule.path("host").asText("");
            if (!more && !host.isEmpty()) {
                shown.add(host);
            }
        }
        if (shown.isEmpty()) {
            return "*";
        }
        String ret = String.join(",", shown);
        return more ? ret + " + " + (rules.size() - max) + " more..." : ret;
    }

    static List<Column> ingressClass() {
        return List.of(NAME,
                col("Controller", "string", "Controller that is responsible for handling this class",
                        o -> str(o, "spec", "controller")),
                col("Parameters", "string", "A reference to a resource with additional parameters", o -> {
                    JsonNode p = Json.at(o, "spec", "parameters");
                    if (p == null || p.isNull()) {
                        return "<none>";
                    }
                    String kind = p.path("kind").asText("");
                    if (p.hasNonNull("apiGroup")) {
                        kind = kind + "." + p.path("apiGroup").asText();
                    }
                    return kind + "/" + p.path("name").asText("");
                }),
                AGE);
    }

    static List<Column> networkPolicy() {
        return List.of(NAME, col("Pod-Selector", "string", "Selects the pods to which this NetworkPolicy object applies.",
                o -> Cells.selector(present(o, "spec", "podSelector") ? Json.at(o, "spec", "podSelector") : Json.object())),
                AGE);
    }

    static List<Column> endpointSlice() {
        return List.of(NAME,
                col("AddressType", "string", "addressType specifies the type of address carried by this EndpointSlice.",
                        o -> str(o, "addressType")),
                col("Ports", "string", "ports specifies the list of network ports exposed by each endpoint in this"
                        + " slice.", o -> {
                    List<String> ports = new ArrayList<>();
                    for (JsonNode p : list(o, "ports")) {
                        ports.add(p.hasNonNull("port") ? p.get("port").asText()
                                : p.hasNonNull("name") ? p.get("name").asText() : "*");
                    }
                    return Cells.listWithMore(ports, 3);
                }),
                col("Endpoints", "string", "endpoints is a list of unique endpoints in this slice.", o -> {
                    List<String> addrs = new ArrayList<>();
                    list(o, "endpoints").forEach(e -> list(e, "addresses").forEach(a -> addrs.add(a.asText())));
                    return Cells.listWithMore(addrs, 3);
                }),
                AGE);
    }

    static List<Column> lease() {
        return List.of(NAME, col("Holder", "string", "holderIdentity contains the identity of the holder of a current"
                + " lease.", o -> str(o, "spec", "holderIdentity")), AGE);
    }

    static List<Column> priorityClass() {
        return List.of(NAME,
                col("Value", "integer", "value represents the integer value of this priority class.",
                        o -> Cells.num(o, "value")),
                col("Global-Default", "boolean", "globalDefault specifies whether this PriorityClass should be considered"
                        + " as the default priority for pods that do not have any priority class.",
                        o -> Cells.bool(o, "globalDefault")),
                AGE,
                col("PreemptionPolicy", "string", "preemptionPolicy is the Policy for preempting pods with lower"
                        + " priority.", o -> str(o, "preemptionPolicy")));
    }

    static List<Column> roleBinding(String kindWord) {
        return List.of(NAME,
                col("Role", "string", "RoleRef can reference a Role in the current namespace or a ClusterRole in the"
                        + " global namespace.", o -> str(o, "roleRef", "kind") + "/" + str(o, "roleRef", "name")),
                AGE,
                wide("Users", "string", "Users in the " + kindWord, o -> subjects(o, "User")),
                wide("Groups", "string", "Groups in the " + kindWord, o -> subjects(o, "Group")),
                wide("ServiceAccounts", "string", "ServiceAccounts in the " + kindWord, o -> subjects(o, "ServiceAccount")));
    }

    private static String subjects(JsonNode binding, String kind) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : list(binding, "subjects")) {
            if (kind.equals(s.path("kind").asText())) {
                String ns = s.path("namespace").asText("");
                String name = s.path("name").asText("");
                out.add(kind.equals("ServiceAccount") && !ns.isEmpty() ? ns + "/" + name : name);
            }
        }
        return String.join(", ", out);
    }

    static List<Column> storageClass() {
        return List.of(
                new Column("Name", "string", "name", NAME.description(), 0, o -> {
                    String name = str(o, "metadata", "name");
                    return isDefault(o) ? name + " (default)" : name;
                }),
                col("Provisioner", "string", "provisioner indicates the type of the provisioner.", o -> str(o, "provisioner")),
                col("ReclaimPolicy", "string", "reclaimPolicy controls the reclaimPolicy for dynamically provisioned"
                        + " PersistentVolumes of this storage class.", o -> present(o, "reclaimPolicy")
                        ? str(o, "reclaimPolicy") : "Delete"),
                col("VolumeBindingMode", "string", "volumeBindingMode indicates how PersistentVolumeClaims should be"
                        + " provisioned and bound.", o -> present(o, "volumeBindingMode")
                        ? str(o, "volumeBindingMode") : "Immediate"),
                col("AllowVolumeExpansion", "string", "allowVolumeExpansion shows whether the storage class allow"
                        + " volume expand.", o -> Cells.bool(o, "allowVolumeExpansion")),
                AGE);
    }

    private static boolean isDefault(JsonNode sc) {
        return "true".equals(Json.text(sc, "metadata", "annotations", "storageclass.kubernetes.io/is-default-class"))
                || "true".equals(Json.text(sc, "metadata", "annotations",
                "storageclass.beta.kubernetes.io/is-default-class"));
    }

    static List<Column> csiDriver() {
        return List.of(NAME,
                col("AttachRequired", "boolean", "attachRequired indicates this CSI volume driver requires an attach"
                        + " operation.", o -> !present(o, "spec", "attachRequired") || Cells.bool(o, "spec", "attachRequired")),
                col("PodInfoOnMount", "boolean", "podInfoOnMount indicates this CSI volume driver requires additional pod"
                        + " information (like podName, podUID, etc.) during mount operations.",
                        o -> Cells.bool(o, "spec", "podInfoOnMount")),
                col("StorageCapacity", "boolean", "storageCapacity indicates that the CSI volume driver wants pod"
                        + " scheduling to consider the storage capacity.", o -> Cells.bool(o, "spec", "storageCapacity")),
                col("TokenRequests", "string", "tokenRequests indicates the CSI driver needs pods' service account"
                        + " tokens it is mounting volume for to do necessary authentication.", o -> {
                    JsonNode t = Json.at(o, "spec", "tokenRequests");
                    if (t == null || t.isNull()) {
                        return "<unset>";
                    }
                    List<String> audiences = new ArrayList<>();
                    t.forEach(r -> audiences.add(r.path("audience").asText("")));
                    return String.join(",", audiences);
                }),
                col("RequiresRepublish", "boolean", "requiresRepublish indicates the CSI driver wants NodePublishVolume"
                        + " being periodically called to reflect any possible change in the mounted volume.",
                        o -> Cells.bool(o, "spec", "requiresRepublish")),
                col("Modes", "string", "volumeLifecycleModes defines what kind of volumes this CSI volume driver"
                        + " supports.", o -> {
                    List<String> modes = new ArrayList<>();
                    list(o, "spec", "volumeLifecycleModes").forEach(m -> modes.add(m.asText()));
                    return modes.isEmpty() ? "<none>" : String.join(",", modes);
                }),
                AGE);
    }

    static List<Column> csiNode() {
        return List.of(NAME, col("Drivers", "integer", "Drivers indicates the number of CSI drivers registered on the"
                + " node", o -> (long) list(o, "spec", "drivers").size()), AGE);
    }

    static List<Column> csiStorageCapacity() {
        return List.of(NAME,
                col("StorageClassName", "string", "storageClassName represents the name of the StorageClass that the"
                        + " reported capacity applies to.", o -> str(o, "storageClassName")),
                col("Capacity", "string", "capacity is the value reported by the CSI driver in its GetCapacityResponse"
                        + " for a GetCapacityRequest with topology and parameters that match the previous fields.",
                        o -> present(o, "capacity") ? str(o, "capacity") : "<unset>"));
    }

    static List<Column> volumeAttachment() {
        return List.of(NAME,
                new Column("Attacher", "string", "name", "attacher indicates the name of the volume driver that MUST"
                        + " handle this request.", 0, o -> str(o, "spec", "attacher")),
                col("PV", "string", "persistentVolumeName represents the name of the persistent volume to attach.",
                        o -> str(o, "spec", "source", "persistentVolumeName")),
                col("Node", "string", "nodeName represents the node that the volume should be attached to.",
                        o -> str(o, "spec", "nodeName")),
                col("Attached", "boolean", "attached indicates the volume is successfully attached.",
                        o -> Cells.bool(o, "status", "attached")),
                AGE);
    }
}
