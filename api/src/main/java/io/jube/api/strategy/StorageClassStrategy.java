package io.jube.api.strategy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.validation.Checks;
import io.jube.api.validation.NameRule;
import io.jube.api.validation.Names;
import io.jube.api.validation.Nodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** storage.k8s.io/v1 StorageClass. */
final class StorageClassStrategy extends KindStrategy {
    static final List<String> RECLAIM = List.of("Delete", "Retain");
    static final List<String> BINDING = List.of("Immediate", "WaitForFirstConsumer");

    StorageClassStrategy() {
        super(false, NameRule.DNS1123_SUBDOMAIN);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        Nodes.defaultText(obj, "reclaimPolicy", "Delete");
        Nodes.defaultText(obj, "volumeBindingMode", "Immediate");
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        String provisioner = Nodes.strOrEmpty(obj, "provisioner");
        if (provisioner.isEmpty()) {
            errs.add(FieldError.required("provisioner"));
        } else {
            for (String m : Names.isQualifiedName(provisioner.toLowerCase(Locale.ROOT))) {
                errs.add(FieldError.invalid("provisioner", provisioner, m));
            }
        }
        Checks.optionalOneOf(obj, "reclaimPolicy", "reclaimPolicy", RECLAIM, errs);
        Checks.oneOf(obj, "volumeBindingMode", "volumeBindingMode", BINDING, errs);
        return errs;
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        if (!Nodes.sameValue(obj.get("parameters"), old.get("parameters"))) {
            errs.add(FieldError.forbidden("parameters", "updates to parameters are forbidden."));
        }
        if (!Nodes.sameValue(obj.get("provisioner"), old.get("provisioner"))) {
            errs.add(FieldError.forbidden("provisioner", "updates to provisioner are forbidden."));
        }
        if (!Nodes.sameValue(obj.get("reclaimPolicy"), old.get("reclaimPolicy"))) {
            errs.add(FieldError.forbidden("reclaimPolicy", "updates to reclaimPolicy are forbidden."));
        }
        Checks.immutable(obj.get("volumeBindingMode"), old.get("volumeBindingMode"), "volumeBindingMode", errs);
        return errs;
    }
}
