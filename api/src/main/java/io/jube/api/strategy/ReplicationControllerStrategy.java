package io.jube.api.strategy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.validation.Checks;
import io.jube.api.validation.LabelSelectors;
import io.jube.api.validation.NameRule;
import io.jube.api.validation.Nodes;
import io.jube.api.validation.ObjectMetaValidation;
import io.jube.api.validation.PodTemplates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** core/v1 ReplicationController: a map selector defaulted from the template's labels. */
final class ReplicationControllerStrategy extends KindStrategy {
    ReplicationControllerStrategy() {
        super(true, NameRule.DNS1123_SUBDOMAIN);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = Json.with(obj, "spec");
        ObjectNode template = Nodes.obj(spec, "template");
        Map<String, String> labels = PodTemplates.labels(template);
        if (!labels.isEmpty()) {
            ObjectNode templateLabels = Nodes.obj(template, "metadata", "labels");
            if (Nodes.isEmpty(spec, "selector")) {
                spec.set("selector", templateLabels.deepCopy());
            }
            ObjectNode meta = Json.with(obj, "metadata");
            if (Nodes.isEmpty(meta, "labels")) {
                meta.set("labels", templateLabels.deepCopy());
            }
        }
        Nodes.defaultInt(spec, "replicas", 1);
        PodTemplates.applyDefaults(template);
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        ObjectNode spec = Nodes.obj(obj, "spec");
        Map<String, String> selector = Nodes.stringMap(spec, "selector");
        if (selector.isEmpty()) {
            errs.add(FieldError.required("spec.selector"));
        } else {
            errs.addAll(ObjectMetaValidation.validateLabels(selector, "spec.selector"));
        }
        Checks.nonNegative(spec, "replicas", "spec.replicas", errs);
        Checks.nonNegative(spec, "minReadySeconds", "spec.minReadySeconds", errs);
        ObjectNode template = Nodes.obj(spec, "template");
        if (template == null) {
            errs.add(FieldError.required("spec.template"));
            return errs;
        }
        if (!selector.isEmpty() && !LabelSelectors.mapMatches(selector, PodTemplates.labels(template))) {
            errs.add(FieldError.invalid("spec.template.metadata.labels", Nodes.obj(template, "metadata", "labels"),
                    PodTemplates.SELECTOR_MISMATCH));
        }
        errs.addAll(PodTemplates.validate(template, "spec.template"));
        String rp = Nodes.strOrEmpty(Nodes.obj(template, "spec"), "restartPolicy");
        if (!rp.isEmpty() && !rp.equals("Always")) {
            errs.add(FieldError.notSupported("spec.template.spec.restartPolicy", rp, List.of("Always")));
        }
        if (Nodes.obj(template, "spec") != null && Nodes.obj(template, "spec").hasNonNull("activeDeadlineSeconds")) {
            errs.add(FieldError.forbidden("spec.template.spec.activeDeadlineSeconds",
                    "activeDeadlineSeconds in ReplicationController is not Supported"));
        }
        return errs;
    }
}
