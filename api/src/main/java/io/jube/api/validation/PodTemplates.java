package io.jube.api.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.strategy.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What every workload kind shares: pod template defaulting and validation, and the check that a
 * selector selects its own template's pods.
 */
public final class PodTemplates {
    public static final String SELECTOR_MISMATCH = "`selector` does not match template `labels`";

    private PodTemplates() {
    }

    /** Defaults of a PodTemplateSpec ({@code metadata} + {@code spec}), when present. */
    public static void applyDefaults(ObjectNode template) {
        if (template != null) {
            PodSpecDefaults.apply(Json.with(template, "spec"));
        }
    }

    /** Template metadata (labels, annotations) and spec at {@code path} (e.g. "spec.template"). */
    public static List<FieldError> validate(ObjectNode template, String path) {
        List<FieldError> errs = new ArrayList<>();
        if (template == null) {
            errs.add(FieldError.required(path));
            return errs;
        }
        ObjectNode meta = Nodes.obj(template, "metadata");
        errs.addAll(ObjectMetaValidation.validateLabels(Nodes.stringMap(meta, "labels"), path + ".metadata.labels"));
        errs.addAll(ObjectMetaValidation.validateAnnotations(Nodes.stringMap(meta, "annotations"),
                path + ".metadata.annotations"));
        errs.addAll(PodSpecValidation.validate(Nodes.obj(template, "spec"), path + ".spec", false));
        return errs;
    }

    public static Map<String, String> labels(ObjectNode template) {
        return Nodes.stringMap(Nodes.obj(template, "metadata"), "labels");
    }

    /**
     * An apps/v1-style label selector at {@code specPath + ".selector"}: required, non-empty, valid,
     * and matching the template's labels.
     */
    public static void validateSelector(ObjectNode spec, String specPath, List<FieldError> errs) {
        ObjectNode selector = Nodes.obj(spec, "selector");
        if (selector == null) {
            errs.add(FieldError.required(specPath + ".selector"));
        } else {
            errs.addAll(LabelSelectors.validate(selector, specPath + ".selector"));
            if (LabelSelectors.isEmpty(selector)) {
                errs.add(FieldError.invalid(specPath + ".selector", selector, "empty selector is invalid for deployment"));
            }
        }
        ObjectNode template = Nodes.obj(spec, "template");
        if (template != null && selector != null && !LabelSelectors.isEmpty(selector)) {
            Map<String, String> labels = labels(template);
            if (!LabelSelectors.matches(selector, labels)) {
                errs.add(FieldError.invalid(specPath + ".template.metadata.labels",
                        Nodes.obj(template, "metadata") == null ? null : Nodes.obj(template, "metadata").get("labels"),
                        SELECTOR_MISMATCH));
            }
        }
    }

    /** Workloads whose pods run forever: the template's restartPolicy must be Always. */
    public static void requireRestartAlways(ObjectNode spec, String specPath, List<FieldError> errs) {
        String rp = Nodes.strOrEmpty(Nodes.obj(spec, "template", "spec"), "restartPolicy");
        if (!rp.isEmpty() && !rp.equals("Always")) {
            errs.add(FieldError.notSupported(specPath + ".template.spec.restartPolicy", rp, List.of("Always")));
        }
        if (Nodes.obj(spec, "template", "spec") != null && Nodes.obj(spec, "template", "spec").hasNonNull("activeDeadlineSeconds")) {
            errs.add(FieldError.forbidden(specPath + ".template.spec.activeDeadlineSeconds",
                    "activeDeadlineSeconds in ReplicaSet is not Supported"));
        }
    }
}
