package io.jube.api.strategy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.validation.Checks;
import io.jube.api.validation.NameRule;
import io.jube.api.validation.Nodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** scheduling.k8s.io/v1 PriorityClass. */
final class PriorityClassStrategy extends KindStrategy {
    static final long HIGHEST_USER_PRIORITY = 1_000_000_000L;
    static final Map<String, Long> SYSTEM_CLASSES =
            Map.of("system-cluster-critical", 2_000_000_000L, "system-node-critical", 2_000_001_000L);
    static final List<String> PREEMPTION = List.of("Never", "PreemptLowerPriority");

    PriorityClassStrategy() {
        super(false, NameRule.DNS1123_SUBDOMAIN);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        Nodes.defaultText(obj, "preemptionPolicy", "PreemptLowerPriority");
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        Long value = Nodes.integer(obj, "value");
        if (value == null) {
            errs.add(FieldError.required("value"));
            return errs;
        }
        String name = Nodes.strOrEmpty(Nodes.obj(obj, "metadata"), "name");
        if (name.startsWith("system-")) {
            Long expected = SYSTEM_CLASSES.get(name);
            if (expected == null) {
                errs.add(FieldError.forbidden("metadata.name", "priority class names with 'system-' prefix are "
                        + "reserved for system use only. error: " + name + " is not a known system priority class"));
            } else if (!expected.equals(value)) {
                errs.add(FieldError.forbidden("metadata.name", "priority class names with 'system-' prefix are "
                        + "reserved for system use only. error: value of " + name + " PriorityClass must be " + expected));
            }
        } else if (value > HIGHEST_USER_PRIORITY) {
            errs.add(FieldError.forbidden("value",
                    "maximum allowed value of a user defined priority is " + HIGHEST_USER_PRIORITY));
        }
        Checks.optionalOneOf(obj, "preemptionPolicy", "preemptionPolicy", PREEMPTION, errs);
        return errs;
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        if (!Nodes.sameValue(obj.get("value"), old.get("value"))) {
            errs.add(FieldError.forbidden("value", "may not be changed in an update."));
        }
        Checks.immutable(obj.get("preemptionPolicy"), old.get("preemptionPolicy"), "preemptionPolicy", errs);
        return errs;
    }
}
