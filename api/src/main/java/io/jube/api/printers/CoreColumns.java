package io.jube.api.printers;

import static io.jube.api.printers.Cells.col;
import static io.jube.api.printers.Cells.list;
import static io.jube.api.printers.Cells.num;
import static io.jube.api.printers.Cells.present;
import static io.jube.api.printers.Cells.size;
import static io.jube.api.printers.Cells.str;
import static io.jube.api.printers.Cells.wide;
import static io.jube.api.printers.Printers.AGE;
import static io.jube.api.printers.Printers.NAME;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Columns of core/v1 kinds, as Kubernetes 1.32's server-side printers define them. */
final class CoreColumns {
    private CoreColumns() {
    }

    static List<Column> pod() {
        return List.of(NAME,
                col("Ready", "string", "The aggregate readiness state of this pod for accepting traffic.",
                        o -> PodSummary.of(o).readyCell()),
                col("Status", "string", "The aggregate status of the containers in this pod.", o -> PodSummary.of(o).reason()),
                col("Restarts", "string", "The number of times the containers in this pod have been restarted and when"
                        + " the last container in this pod has restarted.", o -> PodSummary.of(o).restartsCell()),
                AGE,
                wide("IP", "string", "podIP address allocated to the pod.", CoreColumns::podIP),
                wide("Node", "string", "NodeName indicates in which node this pod is scheduled.",
                        o -> orNone(str(o, "spec", "nodeName"))),
                wide("Nominated Node", "string", "nominatedNodeName is set only when this pod preempts other pods on"
                        + " the node.", o -> orNone(str(o, "status", "nominatedNodeName"))),
                wide("Readiness Gates", "string", "If specified, all readiness gates will be evaluated for pod"
                        + " readiness.", CoreColumns::readinessGates));
    }

    private static String podIP(JsonNode pod) {
        List<JsonNode> ips = list(pod, "status", "podIPs");
        String ip = ips.isEmpty() ? "" : ips.get(0).path("ip").asText("");
        return orNone(ip);
    }

    private static String readinessGates(JsonNode pod) {
        List<JsonNode> gates = list(pod, "spec", "readinessGates");
        if (gates.isEmpty()) {
            return "<none>";
        }
        int trueCount = 0;
        for (JsonNode gate : gates) {
            for (JsonNode cond : list(pod, "status", "conditions")) {
                if (cond.path("type").asText().equals(gate.path("conditionType").asText())) {
                    if ("True".equals(cond.path("status").asText())) {
                        trueCount++;
                    }
                    break;
                }
            }
        }
        return trueCount + "/" + gates.size();
    }

    static List<Column> podTemplate() {
        return List.of(NAME,
                col("Containers", "string", Cells.CONTAINERS_DESC, o -> Cells.containers(Json.at(o, "template", "spec"))[0]),
                col("Images", "string", Cells.IMAGES_DESC, o -> Cells.containers(Json.at(o, "template", "spec"))[1]),
                col("Pod Labels", "string", "The labels for the pod template.",
                        o -> Cells.labels(Json.at(o, "template", "metadata", "labels"))));
    }

    static List<Column> replicationController() {
        return List.of(NAME,
                col("Desired", "integer", "Replicas is the number of desired replicas.", o -> num(o, 1, "spec", "replicas")),
                col("Current", "integer", "Replicas is the most recently observed number of replicas.",
                        o -> num(o, "status", "replicas")),
                col("Ready", "integer", "The number of ready replicas for this replication controller.",
                        o -> num(o, "status", "readyReplicas")),
                AGE,
                Cells.containerNames("spec", "template", "spec"),
                Cells.containerImages("spec", "template", "spec"),
                wide("Selector", "string", "Selector is a label query over pods that should match the Replicas count.",
                        o -> Cells.labels(Json.at(o, "spec", "selector"))));
    }

    static List<Column> service() {
        return List.of(NAME,
                col("Type", "string", "type determines how the Service is exposed.", CoreColumns::serviceType),
                col("Cluster-IP", "string", "clusterIP is the IP address of the service.", o -> {
                    List<JsonNode> ips = list(o, "spec", "clusterIPs");
                    return ips.isEmpty() ? "<none>" : ips.get(0).asText();
                }),
                col("External-IP", "string", "externalIPs is a list of IP addresses for which nodes in the cluster"
                        + " will also accept traffic for this service.", CoreColumns::externalIP),
                col("Port(s)", "string", "The list of ports that are exposed by this service.", CoreColumns::ports),
                AGE,
                wide("Selector", "string", "Route service traffic to pods with label keys and values matching this"
                        + " selector.", o -> Cells.labels(Json.at(o, "spec", "selector"))));
    }

    private static String serviceType(JsonNode svc) {
        String t = str(svc, "spec", "type");
        return t.isEmpty() ? "ClusterIP" : t;
    }

    private static String externalIP(JsonNode svc) {
        List<String> external = new ArrayList<>();
        list(svc, "spec", "externalIPs").forEach(n -> external.add(n.asText()));
        switch (serviceType(svc)) {
            case "ClusterIP", "NodePort":
                return external.isEmpty() ? "<none>" : String.join(",", external);
            case "LoadBalancer": {
                String lb = loadBalancer(Json.at(svc, "status", "loadBalancer"));
                if (!external.isEmpty()) {
                    List<String> all = new ArrayList<>();
                    if (!lb.isEmpty()) {
                        all.addAll(List.of(lb.split(",")));
                    }
                    all.addAll(external);
                    return String.join(",", all);
                }
                return lb.isEmpty() ? "<pending>" : lb;
            }
            case "ExternalName":
                return str(svc, "spec", "externalName");
            default:
                return "<unknown>";
        }
    }

    /** IPs (or else hostnames) of load-balancer ingress points, sorted and de-duplicated. */
    static String loadBalancer(JsonNode status) {
        TreeSet<String> out = new TreeSet<>();
        for (JsonNode ing : list(status, "ingress")) {
            String ip = ing.path("ip").asText("");
            String host = ing.path("hostname").asText("");
            if (!ip.isEmpty()) {
                out.add(ip);
            } else if (!host.isEmpty()) {
                out.add(host);
            }
        }
        return String.join(",", out);
    }

    private static String ports(JsonNode svc) {
        List<String> pieces = new ArrayList<>();
        for (JsonNode p : list(svc, "spec", "ports")) {
            String proto = p.path("protocol").asText("TCP");
            long nodePort = p.path("nodePort").asLong(0);
            pieces.add(nodePort > 0 ? p.path("port").asLong() + ":" + nodePort + "/" + proto
                    : p.path("port").asLong() + "/" + proto);
        }
        return pieces.isEmpty() ? "<none>" : String.join(",", pieces);
    }

    static List<Column> endpoints() {
        return List.of(NAME,
                col("Endpoints", "string", "The set of all endpoints is the union of all subsets.", CoreColumns::endpointList),
                AGE);
    }

    private static String endpointList(JsonNode ep) {
        List<JsonNode> subsets = list(ep, "subsets");
        if (subsets.isEmpty()) {
            return "<none>";
        }
        final int max = 3;
        List<String> shown = new ArrayList<>();
        int count = 0;
        boolean more = false;
        for (JsonNode ss : subsets) {
            List<JsonNode> addresses = list(ss, "addresses");
            List<JsonNode> ports = list(ss, "ports");
            if (ports.isEmpty()) {
                // headless services may have no ports
                count += addresses.size();
                for (JsonNode a : addresses) {
                    if (shown.size() == max) {
                        more = true;
                        break;
                    }
                    shown.add(a.path("ip").asText(""));
                }
                continue;
            }
            for (JsonNode port : ports) {
                count += addresses.size();
                for (JsonNode a : addresses) {
                    if (shown.size() == max) {
                        more = true;
                        break;
                    }
                    shown.add(hostPort(a.path("ip").asText(""), port.path("port").asLong()));
                }
            }
        }
        String ret = String.join(",", shown);
        return more ? ret + " + " + (count - max) + " more..." : ret;
    }

    private static String hostPort(String host, long port) {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }

    static List<Column> namespace() {
        return List.of(NAME, col("Status", "string", "The status of the namespace", o -> str(o, "status", "phase")), AGE);
    }

    static List<Column> node() {
        return List.of(NAME,
                col("Status", "string", "The status of the node", CoreColumns::nodeStatus),
                col("Roles", "string", "The roles of the node", CoreColumns::nodeRoles),
                AGE,
                col("Version", "string", "Kubelet Version reported by the node.", o -> str(o, "status", "nodeInfo", "kubeletVersion")),
                wide("Internal-IP", "string", "List of addresses reachable to the node.", o -> nodeAddress(o, "InternalIP")),
                wide("External-IP", "string", "List of addresses reachable to the node.", o -> nodeAddress(o, "ExternalIP")),
                wide("OS-Image", "string", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7"
                        + " (wheezy)).", o -> orUnknown(str(o, "status", "nodeInfo", "osImage"))),
                wide("Kernel-Version", "string", "Kernel Version reported by the node from 'uname -r' (e.g."
                        + " 3.16.0-0.bpo.4-amd64).", o -> orUnknown(str(o, "status", "nodeInfo", "kernelVersion"))),
                wide("Container-Runtime", "string", "ContainerRuntime Version reported by the node through runtime remote"
                        + " API (e.g. containerd://1.4.2).", o -> orUnknown(str(o, "status", "nodeInfo", "containerRuntimeVersion"))));
    }

    private static String nodeStatus(JsonNode node) {
        List<String> status = new ArrayList<>();
        JsonNode ready = null;
        for (JsonNode c : list(node, "status", "conditions")) {
            if ("Ready".equals(c.path("type").asText())) {
                ready = c; // the last one wins, as in a map keyed by type
            }
        }
        if (ready != null) {
            status.add("True".equals(ready.path("status").asText()) ? "Ready" : "NotReady");
        } else {
            status.add("Unknown");
        }
        if (Cells.bool(node, "spec", "unschedulable")) {
            status.add("SchedulingDisabled");
        }
        return String.join(",", status);
    }

    private static String nodeRoles(JsonNode node) {
        TreeSet<String> roles = new TreeSet<>();
        JsonNode labels = Json.at(node, "metadata", "labels");
        if (labels != null && labels.isObject()) {
            labels.fields().forEachRemaining(e -> {
                String k = e.getKey();
                if (k.startsWith("node-role.kubernetes.io/")) {
                    String role = k.substring("node-role.kubernetes.io/".length());
                    if (!role.isEmpty()) {
                        roles.add(role);
                    }
                } else if (k.equals("kubernetes.io/role") && !e.getValue().asText().isEmpty()) {
                    roles.add(e.getValue().asText());
                }
            });
        }
        return roles.isEmpty() ? "<none>" : String.join(",", roles);
    }

    private static String nodeAddress(JsonNode node, String type) {
        for (JsonNode a : list(node, "status", "addresses")) {
            if (type.equals(a.path("type").asText())) {
                return a.path("address").asText("");
            }
        }
        return "<none>";
    }

    static List<Column> configMap() {
        return List.of(NAME, col("Data", "string", "Data contains the configuration data.",
                o -> (long) (size(o, "data") + size(o, "binaryData"))), AGE);
    }

    static List<Column> secret() {
        return List.of(NAME,
                col("Type", "string", "Used to facilitate programmatic handling of secret data.", o -> str(o, "type")),
                col("Data", "string", "Data contains the secret data.", o -> (long) size(o, "data")), AGE);
    }

    static List<Column> serviceAccount() {
        return List.of(NAME, col("Secrets", "string", "Secrets is a list of the secrets in the same namespace that pods"
                + " running using this ServiceAccount are allowed to use.", o -> (long) size(o, "secrets")), AGE);
    }

    static List<Column> persistentVolume() {
        return List.of(NAME,
                col("Capacity", "string", "capacity is the description of the persistent volume's resources and capacity.",
                        o -> Cells.quantity(o, "spec", "capacity", "storage")),
                col("Access Modes", "string", "accessModes contains all ways the volume can be mounted.",
                        o -> Cells.accessModes(Json.at(o, "spec", "accessModes"))),
                col("Reclaim Policy", "string", "persistentVolumeReclaimPolicy defines what happens to a persistent"
                        + " volume when released from its claim.", o -> str(o, "spec", "persistentVolumeReclaimPolicy")),
                col("Status", "string", "phase indicates if a volume is available, bound to a claim, or released by a"
                        + " claim.", o -> terminatingOr(o, str(o, "status", "phase"))),
                col("Claim", "string", "claimRef is part of a bi-directional binding between PersistentVolume and"
                        + " PersistentVolumeClaim.", o -> present(o, "spec", "claimRef")
                        ? str(o, "spec", "claimRef", "namespace") + "/" + str(o, "spec", "claimRef", "name") : ""),
                col("StorageClass", "string", "StorageClass of the pv", CoreColumns::storageClass),
                col("VolumeAttributesClass", "string", "VolumeAttributesClass of the pv",
                        o -> orUnset(o, "spec", "volumeAttributesClassName")),
                col("Reason", "string", "reason is a brief CamelCase string that describes any failure and is meant for"
                        + " machine parsing and tidy display in the CLI.", o -> str(o, "status", "reason")),
                AGE,
                wide("VolumeMode", "string", "volumeMode defines if a volume is intended to be used with a formatted"
                        + " filesystem or to remain in raw block state.", o -> orUnset(o, "spec", "volumeMode")));
    }

    static List<Column> persistentVolumeClaim() {
        return List.of(NAME,
                col("Status", "string", "phase represents the current phase of PersistentVolumeClaim.",
                        o -> terminatingOr(o, str(o, "status", "phase"))),
                col("Volume", "string", "volumeName is the binding reference to the PersistentVolume backing this claim.",
                        o -> str(o, "spec", "volumeName")),
                col("Capacity", "string", "capacity represents the actual resources of the underlying volume.",
                        o -> str(o, "spec", "volumeName").isEmpty() ? "" : Cells.quantity(o, "status", "capacity", "storage")),
                col("Access Modes", "string", "accessModes contains the actual access modes the volume backing the PVC"
                        + " has.", o -> str(o, "spec", "volumeName").isEmpty() ? ""
                        : Cells.accessModes(Json.at(o, "status", "accessModes"))),
                col("StorageClass", "string", "StorageClass of the pvc", CoreColumns::storageClass),
                col("VolumeAttributesClass", "string", "VolumeAttributesClass of the pvc",
                        o -> orUnset(o, "spec", "volumeAttributesClassName")),
                AGE,
                wide("VolumeMode", "string", "volumeMode defines what type of volume is required by the claim.",
                        o -> orUnset(o, "spec", "volumeMode")));
    }

    /** The beta annotation wins over spec.storageClassName, as in Kubernetes' helpers. */
    private static String storageClass(JsonNode o) {
        JsonNode annotation = Json.at(o, "metadata", "annotations", "volume.beta.kubernetes.io/storage-class");
        if (annotation != null && !annotation.isNull()) {
            return annotation.asText();
        }
        return str(o, "spec", "storageClassName");
    }

    static List<Column> event() {
        return List.of(
                col("Last Seen", "string", "The time at which the most recent occurrence of this event was recorded.",
                        EventCells::lastSeen),
                col("Type", "string", "Type of this event (Normal, Warning), new types could be added in the future",
                        o -> str(o, "type")),
                col("Reason", "string", "This should be a short, machine understandable string that gives the reason"
                        + " for the transition into the object's current status.", o -> str(o, "reason")),
                col("Object", "string", "The object that this event is about.", EventCells::object),
                wide("Subobject", "string", "If referring to a piece of an object instead of an entire object, this"
                        + " string should contain a valid JSON/Go field access statement.",
                        o -> str(EventCells.regarding(o), "fieldPath")),
                wide("Source", "string", "The component reporting this event.", EventCells::source),
                col("Message", "string", "A human-readable description of the status of this operation.",
                        EventCells::message),
                wide("First Seen", "string", "The time at which the event was first recorded.", EventCells::firstSeen),
                wide("Count", "string", "The number of times this event has occurred.", EventCells::count),
                new Column("Name", "string", "name", NAME.description(), 1, NAME.value()));
    }

    static List<Column> resourceQuota() {
        return List.of(NAME,
                col("Request", "string", "Request represents a minimum amount of cpu/memory that a container may"
                        + " consume.", o -> quota(o, false)),
                col("Limit", "string", "Limits control the maximum amount of cpu/memory that a container may use"
                        + " independent of contention on the node.", o -> quota(o, true)),
                AGE);
    }

    private static String quota(JsonNode rq, boolean limits) {
        JsonNode hard = Json.at(rq, "status", "hard");
        List<String> out = new ArrayList<>();
        if (hard != null && hard.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            hard.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String[] pieces = name.split("\\.", -1);
                boolean isLimit = pieces.length > 1 && pieces[0].equals("limits");
                if (isLimit == limits) {
                    out.add(name + ": " + Cells.quantity(rq, "status", "used", name) + "/" + hard.get(name).asText());
                }
            }
        }
        return String.join(", ", out);
    }

    static String orNone(String s) {
        return s.isEmpty() ? "<none>" : s;
    }

    private static String orUnknown(String s) {
        return s.isEmpty() ? "<unknown>" : s;
    }

    private static String orUnset(JsonNode o, String... path) {
        return present(o, path) ? Json.at(o, path).asText() : "<unset>";
    }

    private static String terminatingOr(JsonNode o, String phase) {
        return present(o, "metadata", "deletionTimestamp") ? "Terminating" : phase;
    }
}
