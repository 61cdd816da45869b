package io.jube.api.strategy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.validation.Nodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** core/v1 ConfigMap. */
final class ConfigMapStrategy extends ConfigDataStrategy {
    @Override
    List<String> dataFields() {
        return List.of("data", "binaryData");
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        Map<String, String> data = Nodes.stringMap(obj, "data");
        Map<String, String> binary = Nodes.stringMap(obj, "binaryData");
        validateKeys(data, "data", errs);
        validateKeys(binary, "binaryData", errs);
        long total = 0;
        for (Map.Entry<String, String> e : data.entrySet()) {
            total += e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        for (Map.Entry<String, String> e : binary.entrySet()) {
            if (data.containsKey(e.getKey())) {
                errs.add(FieldError.invalid("binaryData[" + e.getKey() + "]", e.getKey(), "duplicate of key present in data"));
            }
            byte[] decoded = SecretStrategy.decode(e.getValue());
            if (decoded == null) {
                errs.add(FieldError.invalid("binaryData[" + e.getKey() + "]", "<value omitted>",
                        SecretStrategy.base64Error(e.getValue())));
            } else {
                total += decoded.length;
            }
        }
        if (total > MAX_SIZE) {
            errs.add(FieldError.tooLong("", MAX_SIZE));
        }
        return errs;
    }

}
