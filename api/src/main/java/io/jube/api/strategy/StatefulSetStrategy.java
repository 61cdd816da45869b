package io.jube.api.strategy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.validation.Checks;
import io.jube.api.validation.Nodes;
import java.util.ArrayList;
import java.util.List;

/** apps/v1 StatefulSet. */
final class StatefulSetStrategy extends WorkloadStrategy {
    private static final List<String> MUTABLE = List.of("replicas", "ordinals", "template", "updateStrategy",
            "persistentVolumeClaimRetentionPolicy", "minReadySeconds");
    private static final List<String> RETENTION = List.of("Retain", "Delete");

    StatefulSetStrategy() {
        super(true);
    }

    @Override
    void defaults(ObjectNode spec) {
        Nodes.defaultText(spec, "podManagementPolicy", "OrderedReady");
        ObjectNode strategy = Json.with(spec, "updateStrategy");
        Nodes.defaultText(strategy, "type", "RollingUpdate");
        if ("RollingUpdate".equals(Nodes.str(strategy, "type"))) {
            Nodes.defaultInt(Json.with(strategy, "rollingUpdate"), "partition", 0);
        }
        Nodes.defaultInt(spec, "revisionHistoryLimit", 10);
        ObjectNode retention = Json.with(spec, "persistentVolumeClaimRetentionPolicy");
        Nodes.defaultText(retention, "whenDeleted", "Retain");
        Nodes.defaultText(retention, "whenScaled", "Retain");
        for (ObjectNode claim : Nodes.objects(spec, "volumeClaimTemplates")) {
            PersistentVolumeClaimStrategy.defaultClaim(claim);
        }
    }

    @Override
    void validateMore(ObjectNode spec, List<FieldError> errs) {
        String policy = Nodes.strOrEmpty(spec, "podManagementPolicy");
        if (!policy.equals("OrderedReady") && !policy.equals("Parallel")) {
            errs.add(FieldError.invalid("spec.podManagementPolicy", policy, "must be 'OrderedReady' or 'Parallel'"));
        }
        ObjectNode strategy = Nodes.obj(spec, "updateStrategy");
        String type = Nodes.strOrEmpty(strategy, "type");
        if (!type.equals("RollingUpdate") && !type.equals("OnDelete")) {
            errs.add(FieldError.invalid("spec.updateStrategy", strategy, "must be 'RollingUpdate' or 'OnDelete'"));
        }
        ObjectNode ru = Nodes.obj(strategy, "rollingUpdate");
        if (type.equals("OnDelete") && ru != null) {
            errs.add(FieldError.invalid("spec.updateStrategy.rollingUpdate", ru,
                    "only allowed for updateStrategy 'RollingUpdate'"));
        }
        Checks.nonNegative(ru, "partition", "spec.updateStrategy.rollingUpdate.partition", errs);
        ObjectNode retention = Nodes.obj(spec, "persistentVolumeClaimRetentionPolicy");
        Checks.optionalOneOf(retention, "whenDeleted", "spec.persistentVolumeClaimRetentionPolicy.whenDeleted",
                RETENTION, errs);
        Checks.optionalOneOf(retention, "whenScaled", "spec.persistentVolumeClaimRetentionPolicy.whenScaled",
                RETENTION, errs);
        ObjectNode ordinals = Nodes.obj(spec, "ordinals");
        Checks.nonNegative(ordinals, "start", "spec.ordinals.start", errs);
        List<ObjectNode> claims = Nodes.objects(spec, "volumeClaimTemplates");
        for (int i = 0; i < claims.size(); i++) {
            errs.addAll(PersistentVolumeClaimStrategy.validateClaimSpec(Nodes.obj(claims.get(i), "spec"),
                    "spec.volumeClaimTemplates[" + i + "].spec"));
        }
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        ObjectNode spec = Nodes.obj(obj, "spec");
        ObjectNode oldSpec = Nodes.obj(old, "spec");
        if (spec == null || oldSpec == null) {
            return errs;
        }
        ObjectNode a = spec.deepCopy();
        ObjectNode b = oldSpec.deepCopy();
        a.remove(MUTABLE);
        b.remove(MUTABLE);
        if (!a.equals(b)) {
            errs.add(FieldError.forbidden("spec", "updates to statefulset spec for fields other than 'replicas', "
                    + "'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and "
                    + "'minReadySeconds' are forbidden"));
        }
        return errs;
    }
}
