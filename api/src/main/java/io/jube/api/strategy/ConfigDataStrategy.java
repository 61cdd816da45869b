package io.jube.api.strategy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.validation.NameRule;
import io.jube.api.validation.Names;
import io.jube.api.validation.Nodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What ConfigMap and Secret share: data keys are config keys, the total size is bounded, and an
 * object marked {@code immutable} keeps its data forever.
 */
abstract class ConfigDataStrategy extends KindStrategy {
    /** Kubernetes' 1 MiB limit on a ConfigMap's or Secret's data. */
    static final int MAX_SIZE = 1024 * 1024;
    static final String IMMUTABLE_SET = "field is immutable when `immutable` is set";

    ConfigDataStrategy() {
        super(true, NameRule.DNS1123_SUBDOMAIN);
    }

    /** Field names holding keyed data ("data", "binaryData" for ConfigMaps). */
    abstract List<String> dataFields();

    static void validateKeys(Map<String, String> data, String path, List<FieldError> errs) {
        for (String key : data.keySet()) {
            for (String m : Names.isConfigMapKey(key)) {
                errs.add(FieldError.invalid(path + "[" + key + "]", key, m));
            }
        }
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        if (Nodes.bool(old, "immutable")) {
            if (!Nodes.bool(obj, "immutable")) {
                errs.add(FieldError.forbidden("immutable", IMMUTABLE_SET));
            }
            for (String f : dataFields()) {
                if (!Nodes.sameValue(obj.get(f), old.get(f))) {
                    errs.add(FieldError.forbidden(f, IMMUTABLE_SET));
                }
            }
        }
        return errs;
    }
}
