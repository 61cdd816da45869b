package io.jube.api.strategy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.validation.Checks;
import io.jube.api.validation.NameRule;
import io.jube.api.validation.Nodes;
import java.util.ArrayList;
import java.util.List;

/** coordination.k8s.io/v1 Lease. */
final class LeaseStrategy extends KindStrategy {
    LeaseStrategy() {
        super(true, NameRule.DNS1123_SUBDOMAIN);
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        ObjectNode spec = Nodes.obj(obj, "spec");
        Long duration = Nodes.integer(spec, "leaseDurationSeconds");
        if (duration != null && duration <= 0) {
            errs.add(FieldError.invalid("spec.leaseDurationSeconds", duration, "must be greater than 0"));
        }
        Checks.nonNegative(spec, "leaseTransitions", "spec.leaseTransitions", errs);
        return errs;
    }
}
