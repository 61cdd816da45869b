package io.jube.api.strategy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.validation.Checks;
import io.jube.api.validation.LabelSelectors;
import io.jube.api.validation.NameRule;
import io.jube.api.validation.Nodes;
import java.util.ArrayList;
import java.util.List;

/** policy/v1 PodDisruptionBudget. */
final class PodDisruptionBudgetStrategy extends KindStrategy {
    static final List<String> EVICTION_POLICIES = List.of("AlwaysAllow", "IfHealthyBudget");

    PodDisruptionBudgetStrategy() {
        super(true, NameRule.DNS1123_SUBDOMAIN);
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        ObjectNode spec = Nodes.obj(obj, "spec");
        if (spec == null) {
            return errs;
        }
        if (spec.hasNonNull("minAvailable") && spec.hasNonNull("maxUnavailable")) {
            errs.add(FieldError.invalid("spec", spec, "minAvailable and maxUnavailable cannot be both set"));
        }
        Checks.intOrPercent(spec.get("minAvailable"), "spec.minAvailable", errs);
        Checks.intOrPercent(spec.get("maxUnavailable"), "spec.maxUnavailable", errs);
        errs.addAll(LabelSelectors.validate(Nodes.obj(spec, "selector"), "spec.selector"));
        Checks.optionalOneOf(spec, "unhealthyPodEvictionPolicy", "spec.unhealthyPodEvictionPolicy",
                EVICTION_POLICIES, errs);
        return errs;
    }
}
