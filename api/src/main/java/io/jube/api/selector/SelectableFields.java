package io.jube.api.selector;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields each kind can be selected on, as Kubernetes' field label conversions allow them, and their values
 * read from an object's JSON (the strings Kubernetes' ToSelectableFields produce).
 */
final class SelectableFields {
    private static final Set<String> META = Set.of("metadata.name", "metadata.namespace");
    private static final Set<String> POD = Set.of("metadata.name", "metadata.namespace", "spec.nodeName",
            "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase",
            "status.podIP", "status.podIPs", "status.nominatedNodeName");
    private static final Set<String> CORE_EVENT = Set.of("involvedObject.kind", "involvedObject.namespace",
            "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
            "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type", "metadata.namespace",
            "metadata.name");
    /** events.k8s.io names → the core Event fields they select (Kubernetes maps them the same way). */
    private static final Map<String, String> EVENTS_V1 = Map.ofEntries(Map.entry("reason", "reason"),
            Map.entry("regarding.kind", "involvedObject.kind"),
            Map.entry("regarding.namespace", "involvedObject.namespace"),
            Map.entry("regarding.name", "involvedObject.name"), Map.entry("regarding.uid", "involvedObject.uid"),
            Map.entry("regarding.apiVersion", "involvedObject.apiVersion"),
            Map.entry("regarding.resourceVersion", "involvedObject.resourceVersion"),
            Map.entry("regarding.fieldPath", "involvedObject.fieldPath"),
            Map.entry("reportingController", "reportingComponent"), Map.entry("type", "type"),
            Map.entry("metadata.namespace", "metadata.namespace"), Map.entry("metadata.name", "metadata.name"));

    private SelectableFields() {
    }

    /** Throws the API's message when {@code field} cannot be selected on for this kind. */
    static void check(String group, String kind, String field) {
        String gk = group + "/" + kind;
        switch (gk) {
            case "/Pod" -> require(POD.contains(field) || field.equals("spec.host"), field);
            case "/Node" -> require(field.equals("metadata.name") || field.equals("spec.unschedulable"), field);
            case "/ReplicationController", "apps/ReplicaSet" ->
                    require(META.contains(field) || field.equals("status.replicas"), field);
            case "/Event" -> require(CORE_EVENT.contains(field), field);
            case "events.k8s.io/Event" -> require(EVENTS_V1.containsKey(field), field);
            case "/Namespace" -> require(field.equals("metadata.name") || field.equals("status.phase"), field);
            case "/Secret" -> require(META.contains(field) || field.equals("type"), field);
            case "/Service" -> require(META.contains(field) || field.equals("spec.clusterIP")
                    || field.equals("spec.type"), field);
            case "batch/Job" -> {
                if (!META.contains(field) && !field.equals("status.successful")) {
                    throw new SelectorException("field label \"" + field + "\" not supported for batchv1.Job");
                }
            }
            default -> {
                if (!META.contains(field)) {
                    throw new SelectorException("\"" + field + "\" is not a known field selector: only "
                            + "\"metadata.name\", \"metadata.namespace\"");
                }
            }
        }
    }

    private static void require(boolean ok, String field) {
        if (!ok) {
            throw new SelectorException("field label not supported: " + field);
        }
    }

    /** The field's value on {@code obj} ("" when unset, as for Go zero values). */
    static String value(String group, String kind, JsonNode obj, String field) {
        switch (field) {
            case "metadata.name":
                return text(obj, "metadata", "name");
            case "metadata.namespace":
                return text(obj, "metadata", "namespace");
            default:
                break;
        }
        String gk = group + "/" + kind;
        return switch (gk) {
            case "/Pod" -> podValue(obj, field.equals("spec.host") ? "spec.nodeName" : field);
            case "/Event", "events.k8s.io/Event" -> eventValue(obj, EVENTS_V1.getOrDefault(field, field));
            case "/Node" -> field.equals("spec.unschedulable") ? bool(obj, "spec", "unschedulable") : "";
            case "/ReplicationController", "apps/ReplicaSet" ->
                    field.equals("status.replicas") ? number(obj, "status", "replicas") : "";
            case "batch/Job" -> field.equals("status.successful") ? number(obj, "status", "succeeded") : "";
            default -> path(obj, field);
        };
    }

    private static String podValue(JsonNode pod, String field) {
        switch (field) {
            case "spec.hostNetwork":
                return bool(pod, "spec", "hostNetwork");
            case "status.podIP": {
                JsonNode ips = Json.at(pod, "status", "podIPs");
                if (ips != null && ips.isArray() && ips.size() > 0) {
                    return ips.get(0).path("ip").asText("");
                }
                return text(pod, "status", "podIP");
            }
            case "status.podIPs": {
                List<String> out = new ArrayList<>();
                JsonNode ips = Json.at(pod, "status", "podIPs");
                if (ips != null && ips.isArray()) {
                    ips.forEach(ip -> out.add(ip.path("ip").asText("")));
                }
                return String.join(",", out);
            }
            default:
                return path(pod, field);
        }
    }

    /** Reads core/v1 and events.k8s.io/v1 shapes alike: the selectable fields use the core names. */
    private static String eventValue(JsonNode ev, String field) {
        boolean core = Json.at(ev, "involvedObject") != null || Json.at(ev, "regarding") == null;
        if (field.startsWith("involvedObject.")) {
            String sub = field.substring("involvedObject.".length());
            return text(ev, core ? "involvedObject" : "regarding", sub);
        }
        return switch (field) {
            case "source" -> core ? text(ev, "source", "component") : text(ev, "deprecatedSource", "component");
            case "reportingComponent" -> core ? text(ev, "reportingComponent") : text(ev, "reportingController");
            default -> path(ev, field);
        };
    }

    private static String path(JsonNode obj, String dotted) {
        return text(obj, dotted.split("\\."));
    }

    private static String text(JsonNode obj, String... path) {
        String s = Json.text(obj, path);
        return s == null ? "" : s;
    }

    private static String bool(JsonNode obj, String... path) {
        JsonNode n = Json.at(obj, path);
        return Boolean.toString(n != null && n.asBoolean(false));
    }

    private static String number(JsonNode obj, String... path) {
        JsonNode n = Json.at(obj, path);
        return Long.toString(n == null ? 0 : n.asLong(0));
    }
}
