package io.jube.api.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.validation.Checks;
import io.jube.api.validation.Nodes;
import java.util.List;

/** apps/v1 Deployment. */
final class DeploymentStrategy extends WorkloadStrategy {
    private static final List<String> TYPES = List.of("Recreate", "RollingUpdate");

    DeploymentStrategy() {
        super(true);
    }

    @Override
    void defaults(ObjectNode spec) {
        ObjectNode strategy = Json.with(spec, "strategy");
        Nodes.defaultText(strategy, "type", "RollingUpdate");
        if ("RollingUpdate".equals(Nodes.str(strategy, "type"))) {
            ObjectNode ru = Json.with(strategy, "rollingUpdate");
            if (!ru.hasNonNull("maxUnavailable")) {
                ru.put("maxUnavailable", "25%");
            }
            if (!ru.hasNonNull("maxSurge")) {
                ru.put("maxSurge", "25%");
            }
        }
        Nodes.defaultInt(spec, "revisionHistoryLimit", 10);
        Nodes.defaultInt(spec, "progressDeadlineSeconds", 600);
    }

    @Override
    void validateMore(ObjectNode spec, List<FieldError> errs) {
        ObjectNode strategy = Nodes.obj(spec, "strategy");
        String type = Nodes.strOrEmpty(strategy, "type");
        if (type.isEmpty()) {
            errs.add(FieldError.required("spec.strategy.type"));
        } else if (!TYPES.contains(type)) {
            errs.add(FieldError.notSupported("spec.strategy.type", type, TYPES));
        }
        ObjectNode ru = Nodes.obj(strategy, "rollingUpdate");
        if (type.equals("Recreate") && ru != null) {
            errs.add(FieldError.forbidden("spec.strategy.rollingUpdate",
                    "may not be specified when strategy `type` is 'Recreate'"));
        } else if (type.equals("RollingUpdate") && ru != null) {
            JsonNode maxUnavailable = ru.get("maxUnavailable");
            JsonNode maxSurge = ru.get("maxSurge");
            Checks.intOrPercent(maxUnavailable, "spec.strategy.rollingUpdate.maxUnavailable", errs);
            Checks.intOrPercent(maxSurge, "spec.strategy.rollingUpdate.maxSurge", errs);
            if (Checks.isZero(maxUnavailable) && Checks.isZero(maxSurge)) {
                errs.add(FieldError.invalid("spec.strategy.rollingUpdate.maxUnavailable",
                        maxUnavailable == null ? "null" : maxUnavailable, "may not be 0 when `maxSurge` is 0"));
            }
        }
        Long progress = Nodes.integer(spec, "progressDeadlineSeconds");
        if (progress != null) {
            if (progress <= 0) {
                errs.add(FieldError.invalid("spec.progressDeadlineSeconds", progress, Checks.NOT_POSITIVE));
            }
            Long minReady = Nodes.integer(spec, "minReadySeconds");
            if (minReady != null && progress <= minReady) {
                errs.add(FieldError.invalid("spec.progressDeadlineSeconds", progress, "must be greater than minReadySeconds"));
            }
        }
    }
}
