package io.jube.api.strategy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.validation.Checks;
import io.jube.api.validation.CronSchedule;
import io.jube.api.validation.NameRule;
import io.jube.api.validation.Nodes;
import io.jube.api.validation.ObjectMetaValidation;
import io.jube.api.validation.PodTemplates;
import java.util.ArrayList;
import java.util.List;

/** batch/v1 CronJob. */
final class CronJobStrategy extends KindStrategy {
    /** Job names get an 11-character suffix and must stay within 63. */
    static final int MAX_NAME = 52;
    static final List<String> CONCURRENCY = List.of("Allow", "Forbid", "Replace");

    CronJobStrategy() {
        super(true, NameRule.DNS1123_SUBDOMAIN);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = Json.with(obj, "spec");
        Nodes.defaultText(spec, "concurrencyPolicy", "Allow");
        Nodes.defaultBool(spec, "suspend", false);
        Nodes.defaultInt(spec, "successfulJobsHistoryLimit", 3);
        Nodes.defaultInt(spec, "failedJobsHistoryLimit", 1);
        PodTemplates.applyDefaults(Nodes.obj(spec, "jobTemplate", "spec", "template"));
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        String name = Nodes.strOrEmpty(Nodes.obj(obj, "metadata"), "name");
        if (name.length() > MAX_NAME) {
            errs.add(FieldError.invalid("metadata.name", name, "must be no more than 52 characters"));
        }
        ObjectNode spec = Nodes.obj(obj, "spec");
        if (spec == null) {
            errs.add(FieldError.required("spec"));
            return errs;
        }
        String schedule = Nodes.strOrEmpty(spec, "schedule");
        if (schedule.isEmpty()) {
            errs.add(FieldError.required("spec.schedule"));
        } else {
            String err = CronSchedule.check(schedule);
            if (err != null) {
                errs.add(FieldError.invalid("spec.schedule", schedule, err));
            }
            if (schedule.contains("TZ")) {
                errs.add(FieldError.invalid("spec.schedule", schedule,
                        "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
            }
        }
        if (spec.has("timeZone") && !spec.get("timeZone").isNull()) {
            String tz = Nodes.strOrEmpty(spec, "timeZone");
            if (tz.isEmpty()) {
                errs.add(FieldError.invalid("spec.timeZone", tz, "timeZone must be nil or non-empty string"));
            } else if (!validZone(tz)) {
                errs.add(FieldError.invalid("spec.timeZone", tz, "unknown time zone " + tz));
            }
        }
        Checks.oneOf(spec, "concurrencyPolicy", "spec.concurrencyPolicy", CONCURRENCY, errs);
        for (String f : List.of("startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit")) {
            Checks.nonNegative(spec, f, "spec." + f, errs);
        }
        ObjectNode jobTemplate = Nodes.obj(spec, "jobTemplate");
        ObjectNode meta = Nodes.obj(jobTemplate, "metadata");
        errs.addAll(ObjectMetaValidation.validateLabels(Nodes.stringMap(meta, "labels"), "spec.jobTemplate.metadata.labels"));
        errs.addAll(ObjectMetaValidation.validateAnnotations(Nodes.stringMap(meta, "annotations"),
                "spec.jobTemplate.metadata.annotations"));
        ObjectNode jobSpec = Nodes.obj(jobTemplate, "spec");
        if (jobSpec == null) {
            errs.add(FieldError.required("spec.jobTemplate.spec"));
        } else {
            JobStrategy.validateJobSpec(jobSpec, "spec.jobTemplate.spec", errs);
        }
        return errs;
    }

    private static boolean validZone(String tz) {
        if (tz.equals("Local")) {
            return false; // Kubernetes rejects the server's local zone
        }
        try {
            java.time.ZoneId.of(tz);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
