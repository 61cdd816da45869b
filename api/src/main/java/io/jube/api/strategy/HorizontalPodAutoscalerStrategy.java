package io.jube.api.strategy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.validation.NameRule;
import io.jube.api.validation.Names;
import io.jube.api.validation.Nodes;
import java.util.ArrayList;
import java.util.List;

/** autoscaling/v2 HorizontalPodAutoscaler (the storage version; v1 is converted to it). */
final class HorizontalPodAutoscalerStrategy extends KindStrategy {
    static final int DEFAULT_CPU_UTILIZATION = 80;
    static final List<String> METRIC_TYPES = List.of("ContainerResource", "External", "Object", "Pods", "Resource");
    static final List<String> SELECT_POLICIES = List.of("Disabled", "Max", "Min");

    HorizontalPodAutoscalerStrategy() {
        super(true, NameRule.DNS1123_SUBDOMAIN);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = Json.with(obj, "spec");
        Nodes.defaultInt(spec, "minReplicas", 1);
        if (Nodes.isEmpty(spec, "metrics")) {
            ObjectNode resource = spec.putArray("metrics").addObject().put("type", "Resource").putObject("resource");
            resource.put("name", "cpu");
            resource.putObject("target").put("type", "Utilization").put("averageUtilization", DEFAULT_CPU_UTILIZATION);
        }
        ObjectNode behavior = Nodes.obj(spec, "behavior");
        if (behavior != null) {
            scalingRules(Json.with(behavior, "scaleUp"), 0, true);
            scalingRules(Json.with(behavior, "scaleDown"), 300, false);
        }
    }

    /** Fills the unset parts of a scaling rule with Kubernetes' default behaviour. */
    private static void scalingRules(ObjectNode rules, int window, boolean up) {
        Nodes.defaultInt(rules, "stabilizationWindowSeconds", window);
        Nodes.defaultText(rules, "selectPolicy", "Max");
        if (Nodes.isEmpty(rules, "policies")) {
            ArrayNode policies = rules.putArray("policies");
            if (up) {
                policies.addObject().put("type", "Pods").put("value", 4).put("periodSeconds", 15);
            }
            policies.addObject().put("type", "Percent").put("value", 100).put("periodSeconds", 15);
        }
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        ObjectNode spec = Nodes.obj(obj, "spec");
        ObjectNode ref = Nodes.obj(spec, "scaleTargetRef");
        for (String f : List.of("kind", "name")) {
            String v = Nodes.strOrEmpty(ref, f);
            if (v.isEmpty()) {
                errs.add(FieldError.required("spec.scaleTargetRef." + f));
            } else {
                for (String m : Names.isPathSegmentName(v, false)) {
                    errs.add(FieldError.invalid("spec.scaleTargetRef." + f, v, m));
                }
            }
        }
        Long min = Nodes.integer(spec, "minReplicas");
        Long max = Nodes.integer(spec, "maxReplicas");
        if (min != null && min < 1) {
            errs.add(FieldError.invalid("spec.minReplicas", min, "must be greater than or equal to 1"));
        }
        if (max == null || max < 1) {
            errs.add(FieldError.invalid("spec.maxReplicas", max == null ? 0 : max, "must be greater than 0"));
        } else if (min != null && max < min) {
            errs.add(FieldError.invalid("spec.maxReplicas", max, "must be greater than or equal to `minReplicas`"));
        }
        List<ObjectNode> metrics = Nodes.objects(spec, "metrics");
        for (int i = 0; i < metrics.size(); i++) {
            String p = "spec.metrics[" + i + "]";
            String type = Nodes.strOrEmpty(metrics.get(i), "type");
            if (type.isEmpty()) {
                errs.add(FieldError.required(p + ".type", "must specify a metric source type"));
            } else if (!METRIC_TYPES.contains(type)) {
                errs.add(FieldError.notSupported(p + ".type", type, METRIC_TYPES));
            } else {
                String field = Character.toLowerCase(type.charAt(0)) + type.substring(1);
                if (!metrics.get(i).hasNonNull(field)) {
                    errs.add(FieldError.required(p + "." + field, "must populate information for the given metric source"));
                }
            }
        }
        ObjectNode behavior = Nodes.obj(spec, "behavior");
        for (String dir : List.of("scaleUp", "scaleDown")) {
            ObjectNode rules = Nodes.obj(behavior, dir);
            if (rules == null) {
                continue;
            }
            String p = "spec.behavior." + dir;
            Long window = Nodes.integer(rules, "stabilizationWindowSeconds");
            if (window != null && (window < 0 || window > 3600)) {
                errs.add(FieldError.invalid(p + ".stabilizationWindowSeconds", window,
                        window < 0 ? "must be greater than or equal to zero" : "must be less than or equal to 3600"));
            }
            String select = Nodes.str(rules, "selectPolicy");
            if (select != null && !SELECT_POLICIES.contains(select)) {
                errs.add(FieldError.notSupported(p + ".selectPolicy", select, SELECT_POLICIES));
            }
        }
        return errs;
    }
}
