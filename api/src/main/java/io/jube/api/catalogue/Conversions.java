package io.jube.api.catalogue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;

/** Conversions between served and storage versions of multi-version built-in resources. */
final class Conversions {
    /** autoscaling/v1 annotations that carry what v1 has no fields for (as Kubernetes names them). */
    static final String HPA_METRICS = "autoscaling.alpha.kubernetes.io/metrics";
    static final String HPA_CURRENT_METRICS = "autoscaling.alpha.kubernetes.io/current-metrics";
    static final String HPA_CONDITIONS = "autoscaling.alpha.kubernetes.io/conditions";
    static final String HPA_BEHAVIOR = "autoscaling.alpha.kubernetes.io/behavior";

    /** events.k8s.io/v1 field ⇄ core/v1 field; all other fields have the same name in both. */
    private static final String[][] EVENT_FIELDS = {
        {"regarding", "involvedObject"},
        {"note", "message"},
        {"deprecatedSource", "source"},
        {"deprecatedFirstTimestamp", "firstTimestamp"},
        {"deprecatedLastTimestamp", "lastTimestamp"},
        {"deprecatedCount", "count"},
        {"reportingController", "reportingComponent"},
    };

    private Conversions() {
    }

    /**
     * autoscaling/v1 HorizontalPodAutoscaler ⇄ autoscaling/v2 (storage). targetCPUUtilizationPercentage is a
     * Resource cpu Utilization metric and currentCPUUtilizationPercentage its current value; other metrics,
     * current metrics, conditions and behavior ride in v1 annotations so that v2 → v1 → v2 loses nothing.
     * Like Kubernetes, the cpu metric comes after the other metrics when converting back to v2.
     */
    static final Conversion HPA_V1 = new Conversion() {
        @Override
        public ObjectNode toStorage(ObjectNode obj) {
            obj.put("apiVersion", "autoscaling/v2");
            ObjectNode spec = Json.with(obj, "spec");
            ArrayNode metrics = takeArrayAnnotation(obj, HPA_METRICS);
            JsonNode target = spec.remove("targetCPUUtilizationPercentage");
            if (target != null && target.isNumber()) {
                ObjectNode m = metrics.addObject().put("type", "Resource");
                m.putObject("resource").put("name", "cpu").putObject("target")
                        .put("type", "Utilization").put("averageUtilization", target.asInt());
            }
            if (!metrics.isEmpty()) {
                spec.set("metrics", metrics);
            }
            JsonNode behavior = takeAnnotation(obj, HPA_BEHAVIOR);
            if (behavior != null && behavior.isObject()) {
                spec.set("behavior", behavior);
            }

            ArrayNode current = takeArrayAnnotation(obj, HPA_CURRENT_METRICS);
            ArrayNode conditions = takeArrayAnnotation(obj, HPA_CONDITIONS);
            JsonNode statusNode = obj.get("status");
            if (statusNode instanceof ObjectNode status) {
                JsonNode cpu = status.remove("currentCPUUtilizationPercentage");
                if (cpu != null && cpu.isNumber()) {
                    ObjectNode m = current.addObject().put("type", "Resource");
                    m.putObject("resource").put("name", "cpu").putObject("current")
                            .put("averageUtilization", cpu.asInt());
                }
            }
            if (!current.isEmpty()) {
                Json.with(obj, "status").set("currentMetrics", current);
            }
            if (!conditions.isEmpty()) {
                Json.with(obj, "status").set("conditions", conditions);
            }
            dropEmptyAnnotations(obj);
            return obj;
        }

        @Override
        public ObjectNode fromStorage(ObjectNode obj) {
            obj.put("apiVersion", "autoscaling/v1");
            ObjectNode spec = Json.with(obj, "spec");
            JsonNode metrics = spec.remove("metrics");
            ArrayNode others = Json.NODES.arrayNode();
            boolean cpuSeen = false;
            if (metrics != null && metrics.isArray()) {
                for (JsonNode m : metrics) {
                    JsonNode target = m.path("resource").path("target");
                    boolean cpu = "Resource".equals(m.path("type").asText()) && "cpu".equals(m.path("resource").path("name").asText())
                            && "Utilization".equals(target.path("type").asText()) && target.hasNonNull("averageUtilization");
                    if (cpu && !cpuSeen) {
                        spec.put("targetCPUUtilizationPercentage", target.get("averageUtilization").asInt());
                        cpuSeen = true;
                    } else {
                        others.add(m);
                    }
                }
            }
            putAnnotation(obj, HPA_METRICS, others);
            putAnnotation(obj, HPA_BEHAVIOR, spec.remove("behavior"));

            JsonNode statusNode = obj.get("status");
            if (statusNode instanceof ObjectNode status) {
                JsonNode current = status.remove("currentMetrics");
                ArrayNode otherCurrent = Json.NODES.arrayNode();
                boolean currentCpuSeen = false;
                if (current != null && current.isArray()) {
                    for (JsonNode m : current) {
                        JsonNode value = m.path("resource").path("current");
                        boolean cpu = "Resource".equals(m.path("type").asText())
                                && "cpu".equals(m.path("resource").path("name").asText())
                                && value.hasNonNull("averageUtilization");
                        if (cpu && !currentCpuSeen) {
                            status.put("currentCPUUtilizationPercentage", value.get("averageUtilization").asInt());
                            currentCpuSeen = true;
                        } else {
                            otherCurrent.add(m);
                        }
                    }
                }
                putAnnotation(obj, HPA_CURRENT_METRICS, otherCurrent);
                putAnnotation(obj, HPA_CONDITIONS, status.remove("conditions"));
            }
            return obj;
        }
    };

    /** events.k8s.io/v1 Event ⇄ core/v1 Event (storage): the same data under different field names. */
    static final Conversion EVENTS_V1 = new Conversion() {
        @Override
        public ObjectNode toStorage(ObjectNode obj) {
            obj.put("apiVersion", "v1");
            for (String[] f : EVENT_FIELDS) {
                rename(obj, f[0], f[1]);
            }
            return obj;
        }

        @Override
        public ObjectNode fromStorage(ObjectNode obj) {
            obj.put("apiVersion", "events.k8s.io/v1");
            for (String[] f : EVENT_FIELDS) {
                rename(obj, f[1], f[0]);
            }
            return obj;
        }
    };

    private static void rename(ObjectNode obj, String from, String to) {
        JsonNode v = obj.remove(from);
        if (v != null) {
            obj.set(to, v);
        } else {
            obj.remove(to); // a stray field of the other version must not survive under the wrong name
        }
    }

    /** Stores a value as a JSON annotation; absent, null or empty arrays store nothing. */
    private static void putAnnotation(ObjectNode obj, String key, JsonNode value) {
        if (value == null || value.isNull() || (value.isArray() && value.isEmpty())) {
            return;
        }
        Json.with(Json.with(obj, "metadata"), "annotations").put(key, Json.string(value));
    }

    /** Removes an annotation and returns its JSON value; an unparsable one stays in place and yields null. */
    private static JsonNode takeAnnotation(ObjectNode obj, String key) {
        JsonNode annotations = Json.at(obj, "metadata", "annotations");
        if (!(annotations instanceof ObjectNode a) || !a.hasNonNull(key)) {
            return null;
        }
        try {
            JsonNode value = Json.MAPPER.readTree(a.get(key).asText());
            a.remove(key);
            return value;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static ArrayNode takeArrayAnnotation(ObjectNode obj, String key) {
        JsonNode v = takeAnnotation(obj, key);
        return v instanceof ArrayNode a ? a : Json.NODES.arrayNode();
    }

    private static void dropEmptyAnnotations(ObjectNode obj) {
        JsonNode meta = obj.get("metadata");
        if (meta instanceof ObjectNode m && m.get("annotations") instanceof ObjectNode a && a.isEmpty()) {
            m.remove("annotations");
        }
    }
}
