package io.jube.api.strategy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.validation.Checks;
import io.jube.api.validation.NameRule;
import io.jube.api.validation.Nodes;
import io.jube.api.validation.PodTemplates;
import java.util.ArrayList;
import java.util.List;

/**
 * Base of the apps/v1 controllers (ReplicaSet, Deployment, StatefulSet, DaemonSet): template
 * defaults, replicas, a required selector matching the template, and an immutable selector.
 */
abstract class WorkloadStrategy extends KindStrategy {
    private final boolean hasReplicas;

    WorkloadStrategy(boolean hasReplicas) {
        super(true, NameRule.DNS1123_SUBDOMAIN);
        this.hasReplicas = hasReplicas;
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = Json.with(obj, "spec");
        if (hasReplicas) {
            Nodes.defaultInt(spec, "replicas", 1);
        }
        PodTemplates.applyDefaults(Nodes.obj(spec, "template"));
        defaults(spec);
    }

    /** Kind-specific spec defaults. */
    void defaults(ObjectNode spec) {
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        ObjectNode spec = Nodes.obj(obj, "spec");
        if (spec == null) {
            errs.add(FieldError.required("spec"));
            return errs;
        }
        if (hasReplicas) {
            Checks.nonNegative(spec, "replicas", "spec.replicas", errs);
        }
        Checks.nonNegative(spec, "minReadySeconds", "spec.minReadySeconds", errs);
        Checks.nonNegative(spec, "revisionHistoryLimit", "spec.revisionHistoryLimit", errs);
        PodTemplates.validateSelector(spec, "spec", errs);
        errs.addAll(PodTemplates.validate(Nodes.obj(spec, "template"), "spec.template"));
        PodTemplates.requireRestartAlways(spec, "spec", errs);
        validateMore(spec, errs);
        return errs;
    }

    /** Kind-specific spec checks. */
    void validateMore(ObjectNode spec, List<FieldError> errs) {
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        ObjectNode spec = Nodes.obj(obj, "spec");
        ObjectNode oldSpec = Nodes.obj(old, "spec");
        Checks.immutable(spec == null ? null : spec.get("selector"), oldSpec == null ? null : oldSpec.get("selector"),
                "spec.selector", errs);
        return errs;
    }
}
