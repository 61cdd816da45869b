package io.jube.api.strategy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.validation.NameRule;
import io.jube.api.validation.Nodes;
import io.jube.api.validation.PodTemplates;
import java.util.List;

/** core/v1 PodTemplate. */
final class PodTemplateStrategy extends KindStrategy {
    PodTemplateStrategy() {
        super(true, NameRule.DNS1123_SUBDOMAIN);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        PodTemplates.applyDefaults(Nodes.obj(obj, "template"));
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        return PodTemplates.validate(Nodes.obj(obj, "template"), "template");
    }
}
