package io.jube.api.strategy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.validation.NameRule;
import io.jube.api.validation.Names;
import io.jube.api.validation.Nodes;
import java.util.ArrayList;
import java.util.List;

/** core/v1 Node. */
final class NodeStrategy extends KindStrategy {
    static final List<String> EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    NodeStrategy() {
        super(false, NameRule.DNS1123_SUBDOMAIN);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode status = Nodes.obj(obj, "status");
        ObjectNode capacity = Nodes.obj(status, "capacity");
        if (capacity != null && !status.hasNonNull("allocatable")) {
            status.set("allocatable", capacity.deepCopy());
        }
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        List<ObjectNode> taints = Nodes.objects(Nodes.obj(obj, "spec"), "taints");
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < taints.size(); i++) {
            ObjectNode t = taints.get(i);
            String p = "spec.taints[" + i + "]";
            String key = Nodes.strOrEmpty(t, "key");
            for (String m : Names.isQualifiedName(key)) {
                errs.add(FieldError.invalid(p + ".key", key, m));
            }
            String value = Nodes.strOrEmpty(t, "value");
            for (String m : Names.isLabelValue(value)) {
                errs.add(FieldError.invalid(p + ".value", value, m));
            }
            String effect = Nodes.strOrEmpty(t, "effect");
            if (effect.isEmpty()) {
                errs.add(FieldError.required(p + ".effect"));
            } else if (!EFFECTS.contains(effect)) {
                errs.add(FieldError.notSupported(p + ".effect", effect, EFFECTS));
            }
            if (!seen.add(key + "/" + effect)) {
                errs.add(new FieldError("FieldValueDuplicate", p, "Duplicate value: " + FieldError.render(t)
                        + ": taints must be unique by key and effect pair"));
            }
        }
        return errs;
    }
}
