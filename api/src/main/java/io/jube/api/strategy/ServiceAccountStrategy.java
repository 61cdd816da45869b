package io.jube.api.strategy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.validation.NameRule;
import io.jube.api.validation.Nodes;
import java.util.ArrayList;
import java.util.List;

/** core/v1 ServiceAccount. */
final class ServiceAccountStrategy extends KindStrategy {
    ServiceAccountStrategy() {
        super(true, NameRule.DNS1123_SUBDOMAIN);
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        List<ObjectNode> pulls = Nodes.objects(obj, "imagePullSecrets");
        for (int i = 0; i < pulls.size(); i++) {
            if (Nodes.isEmpty(pulls.get(i), "name")) {
                errs.add(FieldError.required("imagePullSecrets[" + i + "].name"));
            }
        }
        return errs;
    }
}
