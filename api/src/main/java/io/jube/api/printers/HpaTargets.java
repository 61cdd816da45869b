package io.jube.api.printers;

import static io.jube.api.printers.Cells.list;
import static io.jube.api.printers.Cells.present;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * The HPA TARGETS cell ("cpu: 45%/80%, memory: 100Mi/200Mi + 1 more..."), from autoscaling/v2 metrics and
 * currentMetrics or, for autoscaling/v1 objects, targetCPUUtilizationPercentage.
 */
final class HpaTargets {
    private static final int MAX = 2;

    private HpaTargets() {
    }

    static String format(JsonNode hpa) {
        if (present(hpa, "spec", "targetCPUUtilizationPercentage")) {
            String current = present(hpa, "status", "currentCPUUtilizationPercentage")
                    ? Json.at(hpa, "status", "currentCPUUtilizationPercentage").asLong() + "%" : "<unknown>";
            return "cpu: " + current + "/" + Json.at(hpa, "spec", "targetCPUUtilizationPercentage").asLong() + "%";
        }
        List<JsonNode> specs = list(hpa, "spec", "metrics");
        if (specs.isEmpty()) {
            return "<none>";
        }
        List<JsonNode> statuses = list(hpa, "status", "currentMetrics");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            JsonNode status = i < statuses.size() ? statuses.get(i) : null;
            out.add(metric(specs.get(i), status));
        }
        String ret = String.join(", ", out.subList(0, Math.min(MAX, out.size())));
        return out.size() > MAX ? ret + " + " + (out.size() - MAX) + " more..." : ret;
    }

    private static String metric(JsonNode spec, JsonNode status) {
        String type = spec.path("type").asText("");
        switch (type) {
            case "External":
            case "Object": {
                String key = type.equals("External") ? "external" : "object";
                JsonNode target = spec.path(key).path("target");
                JsonNode current = status == null ? null : status.get(key);
                if (target.hasNonNull("averageValue")) {
                    String cur = current != null && current.path("current").hasNonNull("averageValue")
                            ? current.path("current").path("averageValue").asText() : "<unknown>";
                    return cur + "/" + target.path("averageValue").asText() + " (avg)";
                }
                String cur = current != null ? quantity(current.path("current").path("value")) : "<unknown>";
                return cur + "/" + quantity(target.path("value"));
            }
            case "Pods": {
                JsonNode current = status == null ? null : status.get("pods");
                String cur = current != null ? quantity(current.path("current").path("averageValue")) : "<unknown>";
                return cur + "/" + quantity(spec.path("pods").path("target").path("averageValue"));
            }
            case "Resource":
            case "ContainerResource": {
                String key = type.equals("Resource") ? "resource" : "containerResource";
                JsonNode source = spec.path(key);
                JsonNode target = source.path("target");
                JsonNode current = status == null ? null : status.get(key);
                String name = source.path("name").asText("");
                if (target.hasNonNull("averageValue")) {
                    String cur = current != null ? quantity(current.path("current").path("averageValue")) : "<unknown>";
                    return name + ": " + cur + "/" + target.path("averageValue").asText();
                }
                String cur = current != null && current.path("current").hasNonNull("averageUtilization")
                        ? current.path("current").path("averageUtilization").asLong() + "%" : "<unknown>";
                String tgt = target.hasNonNull("averageUtilization")
                        ? target.path("averageUtilization").asLong() + "%" : "<auto>";
                return name + ": " + cur + "/" + tgt;
            }
            default:
                return "<unknown type>";
        }
    }

    /** A Quantity as printed; an unset one is the zero quantity "0". */
    private static String quantity(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? "0" : n.asText();
    }

}
