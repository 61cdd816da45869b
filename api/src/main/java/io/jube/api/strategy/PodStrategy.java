package io.jube.api.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.validation.NameRule;
import io.jube.api.validation.Nodes;
import io.jube.api.validation.PodQos;
import io.jube.api.validation.PodSpecDefaults;
import io.jube.api.validation.PodSpecValidation;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** core/v1 Pod. */
final class PodStrategy extends KindStrategy {
    static final String UPDATABLE = "`spec.containers[*].image`,`spec.initContainers[*].image`,"
            + "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),"
            + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    PodStrategy() {
        super(true, NameRule.DNS1123_SUBDOMAIN);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = Json.with(obj, "spec");
        PodSpecDefaults.apply(spec);
        PodSpecDefaults.applyPodOnly(spec);
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        ObjectNode spec = Json.with(obj, "spec");
        ObjectNode status = Json.object();
        status.put("phase", "Pending");
        status.put("qosClass", PodQos.of(spec));
        if (!Nodes.isEmpty(spec, "schedulingGates")) {
            ObjectNode cond = status.putArray("conditions").addObject();
            cond.put("type", "PodScheduled");
            cond.put("status", "False");
            cond.putNull("lastProbeTime");
            cond.put("lastTransitionTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            cond.put("reason", "SchedulingGated");
            cond.put("message", "Scheduling is blocked due to non-empty scheduling gates");
        }
        obj.set("status", status);
    }

    @Override
    public void prepareForUpdate(ObjectNode obj, ObjectNode old) {
        // Ephemeral containers change only through their own subresource.
        ObjectNode spec = Json.with(obj, "spec");
        JsonNode oldEphemeral = Nodes.obj(old, "spec") == null ? null : Nodes.obj(old, "spec").get("ephemeralContainers");
        if (oldEphemeral == null) {
            spec.remove("ephemeralContainers");
        } else {
            spec.set("ephemeralContainers", oldEphemeral.deepCopy());
        }
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        return PodSpecValidation.validate(Nodes.obj(obj, "spec"), "spec", true);
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        ObjectNode spec = Nodes.obj(obj, "spec");
        ObjectNode oldSpec = Nodes.obj(old, "spec");
        if (spec == null || oldSpec == null) {
            return errs;
        }
        if (Nodes.objects(spec, "containers").size() != Nodes.objects(oldSpec, "containers").size()) {
            errs.add(FieldError.forbidden("spec.containers", "pod updates may not add or remove containers"));
            return errs;
        }
        if (Nodes.objects(spec, "initContainers").size() != Nodes.objects(oldSpec, "initContainers").size()) {
            errs.add(FieldError.forbidden("spec.initContainers", "pod updates may not add or remove containers"));
            return errs;
        }
        Long deadline = Nodes.integer(spec, "activeDeadlineSeconds");
        Long oldDeadline = Nodes.integer(oldSpec, "activeDeadlineSeconds");
        if (deadline != null && oldDeadline != null && oldDeadline < deadline) {
            errs.add(FieldError.invalid("spec.activeDeadlineSeconds", deadline, "must be less than or equal to previous value"));
            return errs;
        }
        if (deadline == null && oldDeadline != null) {
            errs.add(FieldError.invalid("spec.activeDeadlineSeconds", null, "must not update from a positive integer to nil value"));
        }
        ObjectNode munged = oldSpec.deepCopy();
        copyImages(spec, munged, "containers");
        copyImages(spec, munged, "initContainers");
        copyField(spec, munged, "activeDeadlineSeconds");
        if (tolerationsOnlyAdded(spec, oldSpec, errs)) {
            copyField(spec, munged, "tolerations");
        }
        Long grace = Nodes.integer(spec, "terminationGracePeriodSeconds");
        Long oldGrace = Nodes.integer(oldSpec, "terminationGracePeriodSeconds");
        if (oldGrace != null && oldGrace < 0 && grace != null && grace == 1) {
            munged.put("terminationGracePeriodSeconds", 1);
        }
        if (schedulingGatesOnlyRemoved(spec, oldSpec, errs)) {
            copyField(spec, munged, "schedulingGates");
        }
        if (!munged.equals(spec)) {
            errs.add(FieldError.forbidden("spec", "pod updates may not change fields other than " + UPDATABLE
                    + "\n" + diff(munged, spec)));
        }
        return errs;
    }

    private static void copyImages(ObjectNode from, ObjectNode to, String list) {
        List<ObjectNode> src = Nodes.objects(from, list);
        List<ObjectNode> dst = Nodes.objects(to, list);
        for (int i = 0; i < Math.min(src.size(), dst.size()); i++) {
            JsonNode image = src.get(i).get("image");
            if (image == null) {
                dst.get(i).remove("image");
            } else {
                dst.get(i).set("image", image.deepCopy());
            }
        }
    }

    private static void copyField(ObjectNode from, ObjectNode to, String field) {
        JsonNode v = from.get(field);
        if (v == null) {
            to.remove(field);
        } else {
            to.set(field, v.deepCopy());
        }
    }

    /** Every existing toleration must remain (its tolerationSeconds may change). */
    private static boolean tolerationsOnlyAdded(ObjectNode spec, ObjectNode oldSpec, List<FieldError> errs) {
        List<ObjectNode> now = Nodes.objects(spec, "tolerations").stream().map(PodStrategy::withoutSeconds).toList();
        for (ObjectNode t : Nodes.objects(oldSpec, "tolerations")) {
            if (!now.contains(withoutSeconds(t))) {
                errs.add(FieldError.forbidden("spec.tolerations",
                        "existing toleration can not be modified except its tolerationSeconds"));
                return false;
            }
        }
        return true;
    }

    private static ObjectNode withoutSeconds(ObjectNode t) {
        ObjectNode c = t.deepCopy();
        c.remove("tolerationSeconds");
        return c;
    }

    /** Scheduling gates may only be removed. */
    private static boolean schedulingGatesOnlyRemoved(ObjectNode spec, ObjectNode oldSpec, List<FieldError> errs) {
        List<ObjectNode> old = Nodes.objects(oldSpec, "schedulingGates");
        for (ObjectNode g : Nodes.objects(spec, "schedulingGates")) {
            if (!old.contains(g)) {
                errs.add(FieldError.forbidden("spec.schedulingGates",
                        "only deletion is allowed, but found new scheduling gate '" + Nodes.strOrEmpty(g, "name") + "'"));
                return false;
            }
        }
        return true;
    }

    /** A short description of what differs, field by field (Kubernetes prints a Go diff here). */
    static String diff(ObjectNode was, ObjectNode now) {
        Set<String> keys = new TreeSet<>();
        was.fieldNames().forEachRemaining(keys::add);
        now.fieldNames().forEachRemaining(keys::add);
        StringBuilder sb = new StringBuilder("  PodSpec{\n");
        for (String k : keys) {
            JsonNode a = was.get(k);
            JsonNode b = now.get(k);
            if (a == null ? b != null : !a.equals(b)) {
                sb.append("- \t").append(k).append(": ").append(a == null ? "nil" : Json.string(a)).append(",\n");
                sb.append("+ \t").append(k).append(": ").append(b == null ? "nil" : Json.string(b)).append(",\n");
            }
        }
        return sb.append("  }\n").toString();
    }
}
