package io.jube.api.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.validation.Checks;
import io.jube.api.validation.Nodes;
import java.util.List;

/** apps/v1 DaemonSet. */
final class DaemonSetStrategy extends WorkloadStrategy {
    private static final List<String> TYPES = List.of("OnDelete", "RollingUpdate");

    DaemonSetStrategy() {
        super(false);
    }

    @Override
    void defaults(ObjectNode spec) {
        ObjectNode strategy = Json.with(spec, "updateStrategy");
        Nodes.defaultText(strategy, "type", "RollingUpdate");
        if ("RollingUpdate".equals(Nodes.str(strategy, "type"))) {
            ObjectNode ru = Json.with(strategy, "rollingUpdate");
            if (!ru.hasNonNull("maxUnavailable")) {
                ru.put("maxUnavailable", 1);
            }
            if (!ru.hasNonNull("maxSurge")) {
                ru.put("maxSurge", 0);
            }
        }
        Nodes.defaultInt(spec, "revisionHistoryLimit", 10);
    }

    @Override
    void validateMore(ObjectNode spec, List<FieldError> errs) {
        ObjectNode strategy = Nodes.obj(spec, "updateStrategy");
        String type = Nodes.strOrEmpty(strategy, "type");
        if (type.isEmpty()) {
            errs.add(FieldError.required("spec.updateStrategy.type"));
        } else if (!TYPES.contains(type)) {
            errs.add(FieldError.notSupported("spec.updateStrategy.type", type, TYPES));
        }
        ObjectNode ru = Nodes.obj(strategy, "rollingUpdate");
        if (type.equals("RollingUpdate") && ru != null) {
            JsonNode maxUnavailable = ru.get("maxUnavailable");
            JsonNode maxSurge = ru.get("maxSurge");
            Checks.intOrPercent(maxUnavailable, "spec.updateStrategy.rollingUpdate.maxUnavailable", errs);
            Checks.intOrPercent(maxSurge, "spec.updateStrategy.rollingUpdate.maxSurge", errs);
            boolean unavailableZero = Checks.isZero(maxUnavailable);
            boolean surgeZero = Checks.isZero(maxSurge);
            if (unavailableZero && surgeZero) {
                errs.add(FieldError.invalid("spec.updateStrategy.rollingUpdate.maxUnavailable",
                        maxUnavailable == null ? "null" : maxUnavailable, "may not be 0 when `maxSurge` is 0"));
            } else if (!unavailableZero && !surgeZero) {
                errs.add(FieldError.invalid("spec.updateStrategy.rollingUpdate.maxSurge", maxSurge,
                        "may not be set when maxUnavailable is non-zero"));
            }
        }
    }
}
