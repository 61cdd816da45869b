package io.jube.api.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.validation.Checks;
import io.jube.api.validation.NameRule;
import io.jube.api.validation.Nodes;
import io.jube.api.validation.PodTemplates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** batch/v1 Job: defaults, the generated selector and labels, and template rules. */
final class JobStrategy extends KindStrategy {
    static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
    static final String LEGACY_CONTROLLER_UID = "controller-uid";
    static final String JOB_NAME = "batch.kubernetes.io/job-name";
    static final String LEGACY_JOB_NAME = "job-name";
    static final List<String> RESTART = List.of("OnFailure", "Never");
    static final List<String> COMPLETION_MODES = List.of("NonIndexed", "Indexed");
    private static final List<String> SCHEDULING_FIELDS = List.of("nodeSelector", "affinity", "tolerations",
            "schedulingGates");

    JobStrategy() {
        super(true, NameRule.DNS1123_SUBDOMAIN);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = Json.with(obj, "spec");
        if (!spec.hasNonNull("completions") && !spec.hasNonNull("parallelism")) {
            spec.put("completions", 1);
        }
        Nodes.defaultInt(spec, "parallelism", 1);
        if (!spec.hasNonNull("backoffLimit")) {
            spec.put("backoffLimit", spec.hasNonNull("backoffLimitPerIndex") ? Integer.MAX_VALUE : 6);
        }
        Nodes.defaultText(spec, "completionMode", "NonIndexed");
        Nodes.defaultBool(spec, "suspend", false);
        Nodes.defaultText(spec, "podReplacementPolicy",
                spec.hasNonNull("podFailurePolicy") ? "Failed" : "TerminatingOrFailed");
        for (ObjectNode rule : Nodes.objects(Nodes.obj(spec, "podFailurePolicy"), "rules")) {
            for (ObjectNode cond : Nodes.objects(rule, "onPodConditions")) {
                Nodes.defaultText(cond, "status", "True");
            }
        }
        ObjectNode template = Nodes.obj(spec, "template");
        PodTemplates.applyDefaults(template);
        copyTemplateLabels(obj, template);
    }

    /** A Job without labels of its own carries its pods' labels. */
    private static void copyTemplateLabels(ObjectNode obj, ObjectNode template) {
        ObjectNode labels = Nodes.obj(template, "metadata", "labels");
        ObjectNode meta = Json.with(obj, "metadata");
        if (labels != null && Nodes.isEmpty(meta, "labels")) {
            meta.set("labels", labels.deepCopy());
        }
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        obj.set("status", Json.object());
        ObjectNode spec = Json.with(obj, "spec");
        if (!Nodes.bool(spec, "manualSelector")) {
            generateSelector(obj, spec);
        }
        copyTemplateLabels(obj, Nodes.obj(spec, "template"));
    }

    /** Labels the pods with the job's name and uid and selects them by uid (unless set by the user). */
    private static void generateSelector(ObjectNode obj, ObjectNode spec) {
        String name = Nodes.strOrEmpty(Nodes.obj(obj, "metadata"), "name");
        String uid = Nodes.strOrEmpty(Nodes.obj(obj, "metadata"), "uid");
        ObjectNode labels = Json.with(Json.with(Json.with(spec, "template"), "metadata"), "labels");
        for (String k : List.of(LEGACY_JOB_NAME, JOB_NAME)) {
            if (!labels.has(k)) {
                labels.put(k, name);
            }
        }
        for (String k : List.of(LEGACY_CONTROLLER_UID, CONTROLLER_UID)) {
            if (!labels.has(k)) {
                labels.put(k, uid);
            }
        }
        ObjectNode matchLabels = Json.with(Json.with(spec, "selector"), "matchLabels");
        if (!matchLabels.has(CONTROLLER_UID)) {
            matchLabels.put(CONTROLLER_UID, uid);
        }
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        ObjectNode spec = Nodes.obj(obj, "spec");
        if (spec == null) {
            errs.add(FieldError.required("spec"));
            return errs;
        }
        if (!Nodes.bool(spec, "manualSelector")) {
            validateGeneratedSelector(obj, spec, errs);
        }
        validateJobSpec(spec, "spec", errs);
        return errs;
    }

    /** The JobSpec rules, shared with a CronJob's jobTemplate. */
    static void validateJobSpec(ObjectNode spec, String path, List<FieldError> errs) {
        for (String f : List.of("parallelism", "completions", "activeDeadlineSeconds", "backoffLimit",
                "ttlSecondsAfterFinished", "backoffLimitPerIndex", "maxFailedIndexes")) {
            Checks.nonNegative(spec, f, path + "." + f, errs);
        }
        Long deadline = Nodes.integer(spec, "activeDeadlineSeconds");
        if (deadline != null && deadline == 0) {
            errs.add(FieldError.invalid(path + ".activeDeadlineSeconds", deadline, Checks.NOT_POSITIVE));
        }
        String mode = Nodes.strOrEmpty(spec, "completionMode");
        if (!mode.isEmpty() && !COMPLETION_MODES.contains(mode)) {
            errs.add(FieldError.notSupported(path + ".completionMode", mode, COMPLETION_MODES));
        }
        if (mode.equals("Indexed") && !spec.hasNonNull("completions")) {
            errs.add(FieldError.required(path + ".completions", "when completion mode is Indexed"));
        }
        if (spec.hasNonNull("selector")) {
            PodTemplates.validateSelector(spec, path, errs);
        }
        ObjectNode template = Nodes.obj(spec, "template");
        errs.addAll(PodTemplates.validate(template, path + ".template"));
        String rp = Nodes.strOrEmpty(Nodes.obj(template, "spec"), "restartPolicy");
        if (template != null && !RESTART.contains(rp)) {
            errs.add(FieldError.notSupported(path + ".template.spec.restartPolicy", rp, RESTART));
        }
    }

    private static void validateGeneratedSelector(ObjectNode obj, ObjectNode spec, List<FieldError> errs) {
        String uid = Nodes.strOrEmpty(Nodes.obj(obj, "metadata"), "uid");
        String name = Nodes.strOrEmpty(Nodes.obj(obj, "metadata"), "name");
        if (uid.isEmpty()) {
            return; // not yet created; the selector is generated in prepareForCreate
        }
        ObjectNode templateMeta = Nodes.obj(spec, "template", "metadata");
        hasLabel(templateMeta, "spec.template.metadata", LEGACY_CONTROLLER_UID, uid, errs);
        hasLabel(templateMeta, "spec.template.metadata", CONTROLLER_UID, uid, errs);
        hasLabel(templateMeta, "spec.template.metadata", LEGACY_JOB_NAME, name, errs);
        hasLabel(templateMeta, "spec.template.metadata", JOB_NAME, name, errs);
        ObjectNode selector = Nodes.obj(spec, "selector");
        if (selector == null) {
            errs.add(FieldError.required("spec.selector"));
        } else {
            ObjectNode asMeta = Json.object();
            JsonNode ml = selector.get("matchLabels");
            if (ml != null) {
                asMeta.set("labels", ml);
            }
            hasLabel(asMeta, "spec.selector", CONTROLLER_UID, uid, errs);
        }
    }

    private static void hasLabel(ObjectNode meta, String path, String key, String expected, List<FieldError> errs) {
        Map<String, String> labels = Nodes.stringMap(meta, "labels");
        String actual = labels.get(key);
        if (actual == null) {
            errs.add(FieldError.required(path + ".labels[" + key + "]"));
        } else if (!actual.equals(expected)) {
            errs.add(FieldError.invalid(path + ".labels[" + key + "]", meta.get("labels"), "must be '" + expected + "'"));
        }
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        ObjectNode spec = Nodes.obj(obj, "spec");
        ObjectNode oldSpec = Nodes.obj(old, "spec");
        if (spec == null || oldSpec == null) {
            return errs;
        }
        boolean elastic = "Indexed".equals(Nodes.str(spec, "completionMode"))
                && Nodes.sameValue(spec.get("completions"), spec.get("parallelism"));
        if (!elastic) {
            Checks.immutable(spec.get("completions"), oldSpec.get("completions"), "spec.completions", errs);
        }
        for (String f : List.of("selector", "completionMode", "podFailurePolicy", "backoffLimitPerIndex", "managedBy")) {
            Checks.immutable(spec.get(f), oldSpec.get(f), "spec." + f, errs);
        }
        ObjectNode template = Nodes.obj(spec, "template");
        ObjectNode oldTemplate = Nodes.obj(oldSpec, "template");
        boolean neverStarted = Nodes.bool(oldSpec, "suspend") && !Nodes.has(Nodes.obj(old, "status"), "startTime");
        if (neverStarted && template != null && oldTemplate != null) {
            // A suspended job that never ran may still change where its pods will be scheduled.
            template = template.deepCopy();
            oldTemplate = oldTemplate.deepCopy();
            for (ObjectNode t : List.of(template, oldTemplate)) {
                ObjectNode meta = Nodes.obj(t, "metadata");
                if (meta != null) {
                    meta.remove(List.of("labels", "annotations"));
                }
                ObjectNode podSpec = Nodes.obj(t, "spec");
                if (podSpec != null) {
                    podSpec.remove(SCHEDULING_FIELDS);
                }
            }
        }
        Checks.immutable(template, oldTemplate, "spec.template", errs);
        return errs;
    }
}
