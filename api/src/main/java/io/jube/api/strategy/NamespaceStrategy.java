package io.jube.api.strategy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.validation.NameRule;
import io.jube.api.validation.Names;
import io.jube.api.validation.Nodes;
import java.util.ArrayList;
import java.util.List;

/** core/v1 Namespace. */
final class NamespaceStrategy extends KindStrategy {
    static final String NAME_LABEL = "kubernetes.io/metadata.name";

    NamespaceStrategy() {
        super(false, NameRule.DNS1123_LABEL);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode meta = Json.with(obj, "metadata");
        String name = Nodes.strOrEmpty(meta, "name");
        if (!name.isEmpty()) {
            // Always set (not only defaulted), so the label cannot lie about the name.
            Json.with(meta, "labels").put(NAME_LABEL, name);
        }
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        ObjectNode spec = Json.with(obj, "spec");
        spec.putArray("finalizers").add("kubernetes");
        ObjectNode status = Json.object();
        status.put("phase", "Active");
        obj.set("status", status);
    }

    @Override
    public void prepareForUpdate(ObjectNode obj, ObjectNode old) {
        // spec.finalizers change only through the finalize subresource.
        ObjectNode oldSpec = Nodes.obj(old, "spec");
        if (oldSpec == null) {
            obj.remove("spec");
        } else {
            obj.set("spec", oldSpec.deepCopy());
        }
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        List<String> finalizers = Nodes.strings(Nodes.obj(obj, "spec"), "finalizers");
        for (int i = 0; i < finalizers.size(); i++) {
            String f = finalizers.get(i);
            for (String m : Names.isQualifiedName(f)) {
                errs.add(FieldError.invalid("spec.finalizers", f, m));
            }
        }
        return errs;
    }
}
