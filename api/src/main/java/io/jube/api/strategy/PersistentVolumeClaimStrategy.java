package io.jube.api.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.validation.LabelSelectors;
import io.jube.api.validation.NameRule;
import io.jube.api.validation.Names;
import io.jube.api.validation.Nodes;
import io.jube.api.validation.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** core/v1 PersistentVolumeClaim (its spec rules are shared with StatefulSet claim templates). */
final class PersistentVolumeClaimStrategy extends KindStrategy {
    static final List<String> ACCESS_MODES = List.of("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod");
    static final List<String> VOLUME_MODES = List.of("Block", "Filesystem");

    PersistentVolumeClaimStrategy() {
        super(true, NameRule.DNS1123_SUBDOMAIN);
    }

    /** Defaults of a claim object or claim template: Filesystem mode and a Pending phase. */
    static void defaultClaim(ObjectNode claim) {
        Nodes.defaultText(Json.with(claim, "spec"), "volumeMode", "Filesystem");
        Nodes.defaultText(Json.with(claim, "status"), "phase", "Pending");
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        Nodes.defaultText(Json.with(obj, "spec"), "volumeMode", "Filesystem");
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        ObjectNode status = Json.object();
        status.put("phase", "Pending");
        obj.set("status", status);
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        return validateClaimSpec(Nodes.obj(obj, "spec"), "spec");
    }

    static List<FieldError> validateClaimSpec(ObjectNode spec, String path) {
        List<FieldError> errs = new ArrayList<>();
        List<String> modes = Nodes.strings(spec, "accessModes");
        if (modes.isEmpty()) {
            errs.add(FieldError.required(path + ".accessModes", "at least 1 access mode is required"));
        }
        for (String m : modes) {
            if (!ACCESS_MODES.contains(m)) {
                errs.add(FieldError.notSupported(path + ".accessModes", m, ACCESS_MODES));
            }
        }
        if (modes.contains("ReadWriteOncePod") && modes.size() > 1) {
            errs.add(FieldError.forbidden(path + ".accessModes", "may not use ReadWriteOncePod with other access modes"));
        }
        errs.addAll(LabelSelectors.validate(Nodes.obj(spec, "selector"), path + ".selector"));
        JsonNode storage = Nodes.obj(spec, "resources", "requests") == null ? null
                : Nodes.obj(spec, "resources", "requests").get("storage");
        String storagePath = path + ".resources[storage]";
        if (storage == null || storage.isNull()) {
            errs.add(FieldError.required(storagePath));
        } else {
            BigDecimal q = Quantity.parse(storage);
            if (q == null) {
                errs.add(FieldError.invalid(storagePath, Quantity.text(storage), Quantity.FORMAT_ERROR));
            } else if (q.signum() <= 0) {
                errs.add(FieldError.invalid(storagePath, Quantity.text(storage), "must be greater than zero"));
            }
        }
        String cls = Nodes.strOrEmpty(spec, "storageClassName");
        if (!cls.isEmpty()) {
            for (String m : Names.isDns1123Subdomain(cls)) {
                errs.add(FieldError.invalid(path + ".storageClassName", cls, m));
            }
        }
        String mode = Nodes.str(spec, "volumeMode");
        if (mode != null && !VOLUME_MODES.contains(mode)) {
            errs.add(FieldError.notSupported(path + ".volumeMode", mode, VOLUME_MODES));
        }
        return errs;
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        ObjectNode spec = Nodes.obj(obj, "spec");
        ObjectNode oldSpec = Nodes.obj(old, "spec");
        if (spec == null || oldSpec == null) {
            return errs;
        }
        ObjectNode now = spec.deepCopy();
        ObjectNode was = oldSpec.deepCopy();
        if (Nodes.isEmpty(was, "volumeName")) {
            // The binder sets volumeName once.
            copy(now, was, "volumeName");
        }
        copy(now, was, "volumeAttributesClassName");
        boolean bound = "Bound".equals(Nodes.str(Nodes.obj(obj, "status"), "phase"));
        ObjectNode nowRequests = Nodes.obj(now, "resources", "requests");
        ObjectNode wasRequests = Nodes.obj(was, "resources", "requests");
        if (bound && nowRequests != null) {
            JsonNode oldStorage = wasRequests == null ? null : wasRequests.get("storage");
            if (oldStorage == null) {
                nowRequests.remove("storage");
            } else {
                nowRequests.set("storage", oldStorage.deepCopy());
            }
        }
        if (!now.equals(was)) {
            errs.add(FieldError.forbidden("spec", "spec is immutable after creation except resources.requests and "
                    + "volumeAttributesClassName for bound claims\n" + PodStrategy.diff(was, now).replace("PodSpec", "PersistentVolumeClaimSpec")));
        }
        BigDecimal newSize = Quantity.parse(Nodes.obj(spec, "resources", "requests") == null ? null
                : Nodes.obj(spec, "resources", "requests").get("storage"));
        BigDecimal oldSize = Quantity.parse(Nodes.obj(oldSpec, "resources", "requests") == null ? null
                : Nodes.obj(oldSpec, "resources", "requests").get("storage"));
        if (newSize != null && oldSize != null && newSize.compareTo(oldSize) < 0) {
            errs.add(FieldError.forbidden("spec.resources.requests.storage", "field can not be less than previous value"));
        }
        return errs;
    }

    private static void copy(ObjectNode from, ObjectNode to, String field) {
        JsonNode v = from.get(field);
        if (v == null) {
            to.remove(field);
        } else {
            to.set(field, v.deepCopy());
        }
    }
}
