package io.jube.api.strategy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.validation.NameRule;
import io.jube.api.validation.Nodes;
import io.jube.api.validation.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** core/v1 PersistentVolume. */
final class PersistentVolumeStrategy extends KindStrategy {
    static final List<String> RECLAIM = List.of("Delete", "Recycle", "Retain");
    /** PersistentVolumeSource fields (a PV's volume types). */
    static final List<String> SOURCES = List.of("gcePersistentDisk", "awsElasticBlockStore", "hostPath",
            "glusterfs", "nfs", "rbd", "iscsi", "cinder", "cephfs", "fc", "flocker", "flexVolume", "azureFile",
            "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "portworxVolume", "scaleIO", "local",
            "storageos", "csi");

    PersistentVolumeStrategy() {
        super(false, NameRule.DNS1123_SUBDOMAIN);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = Json.with(obj, "spec");
        Nodes.defaultText(spec, "persistentVolumeReclaimPolicy", "Retain");
        Nodes.defaultText(spec, "volumeMode", "Filesystem");
        ObjectNode hostPath = Nodes.obj(spec, "hostPath");
        if (hostPath != null && !hostPath.has("type")) {
            hostPath.put("type", "");
        }
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        ObjectNode status = Json.object();
        status.put("phase", "Pending");
        obj.set("status", status);
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        ObjectNode spec = Nodes.obj(obj, "spec");
        List<String> modes = Nodes.strings(spec, "accessModes");
        if (modes.isEmpty()) {
            errs.add(FieldError.required("spec.accessModes", "at least 1 access mode is required"));
        }
        for (String m : modes) {
            if (!PersistentVolumeClaimStrategy.ACCESS_MODES.contains(m)) {
                errs.add(FieldError.notSupported("spec.accessModes", m, PersistentVolumeClaimStrategy.ACCESS_MODES));
            }
        }
        ObjectNode capacity = Nodes.obj(spec, "capacity");
        if (capacity == null || capacity.isEmpty()) {
            errs.add(FieldError.required("spec.capacity"));
        } else if (!capacity.has("storage") || capacity.size() > 1) {
            errs.add(FieldError.notSupported("spec.capacity", capacity, List.of("storage")));
        } else {
            BigDecimal q = Quantity.parse(capacity.get("storage"));
            String text = Quantity.text(capacity.get("storage"));
            if (q == null) {
                errs.add(FieldError.invalid("spec.capacity[storage]", text, Quantity.FORMAT_ERROR));
            } else if (q.signum() <= 0) {
                errs.add(FieldError.invalid("spec.capacity[storage]", text, "must be greater than zero"));
            }
        }
        long sources = SOURCES.stream().filter(s -> spec != null && spec.hasNonNull(s)).count();
        if (sources == 0) {
            errs.add(FieldError.required("spec", "must specify a volume type"));
        } else if (sources > 1) {
            errs.add(FieldError.forbidden("spec", "may not specify more than 1 volume type"));
        }
        String reclaim = Nodes.strOrEmpty(spec, "persistentVolumeReclaimPolicy");
        if (!reclaim.isEmpty() && !RECLAIM.contains(reclaim)) {
            errs.add(FieldError.notSupported("spec.persistentVolumeReclaimPolicy", reclaim, RECLAIM));
        }
        String mode = Nodes.str(spec, "volumeMode");
        if (mode != null && !PersistentVolumeClaimStrategy.VOLUME_MODES.contains(mode)) {
            errs.add(FieldError.notSupported("spec.volumeMode", mode, PersistentVolumeClaimStrategy.VOLUME_MODES));
        }
        ObjectNode hostPath = Nodes.obj(spec, "hostPath");
        if (hostPath != null && Nodes.isEmpty(hostPath, "path")) {
            errs.add(FieldError.required("spec.hostPath.path"));
        }
        ObjectNode local = Nodes.obj(spec, "local");
        if (local != null && Nodes.isEmpty(local, "path")) {
            errs.add(FieldError.required("spec.local.path"));
        }
        return errs;
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        ObjectNode spec = Nodes.obj(obj, "spec");
        ObjectNode oldSpec = Nodes.obj(old, "spec");
        for (String s : SOURCES) {
            if (spec != null && oldSpec != null && !Nodes.sameValue(spec.get(s), oldSpec.get(s))) {
                errs.add(FieldError.forbidden("spec.persistentvolumesource", "spec.persistentvolumesource is immutable after creation"));
                break;
            }
        }
        if (spec != null && oldSpec != null) {
            io.jube.api.validation.Checks.immutable(spec.get("volumeMode"), oldSpec.get("volumeMode"), "volumeMode", errs);
        }
        return errs;
    }

}
