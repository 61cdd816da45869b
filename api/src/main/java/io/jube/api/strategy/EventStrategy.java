package io.jube.api.strategy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.validation.NameRule;
import io.jube.api.validation.Names;
import io.jube.api.validation.Nodes;
import java.util.ArrayList;
import java.util.List;

/**
 * core/v1 Event (also served as events.k8s.io/v1, stored in the core form). Legacy events need
 * an involved object in their own namespace; "new" events (eventTime set) also name their reporter.
 */
final class EventStrategy extends KindStrategy {
    static final int REPORTING_INSTANCE_LIMIT = 128;
    static final int ACTION_LIMIT = 128;
    static final int REASON_LIMIT = 128;
    static final int NOTE_LIMIT = 1024;

    EventStrategy() {
        super(true, NameRule.DNS1123_SUBDOMAIN);
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        boolean v1Events = "events.k8s.io/v1".equals(Nodes.str(obj, "apiVersion"));
        String ns = Nodes.strOrEmpty(Nodes.obj(obj, "metadata"), "namespace");
        ObjectNode involved = Nodes.obj(obj, v1Events ? "regarding" : "involvedObject");
        String involvedPath = v1Events ? "regarding" : "involvedObject";
        String involvedNs = Nodes.strOrEmpty(involved, "namespace");
        boolean isNew = !Nodes.isEmpty(obj, "eventTime");
        if (involved == null && !v1Events) {
            errs.add(FieldError.required("involvedObject"));
        }
        if (!isNew) {
            boolean ok = involvedNs.isEmpty() ? ns.isEmpty() || ns.equals("default") : ns.equals(involvedNs);
            if (!ok) {
                errs.add(FieldError.invalid(involvedPath + ".namespace", involvedNs, "does not match event.namespace"));
            }
        } else {
            if (involvedNs.isEmpty() && !ns.equals("default") && !ns.equals("kube-system")) {
                errs.add(FieldError.invalid(involvedPath + ".namespace", involvedNs, "does not match event.namespace"));
            }
            String controllerField = v1Events ? "reportingController" : "reportingComponent";
            String controller = Nodes.strOrEmpty(obj, controllerField);
            if (controller.isEmpty()) {
                errs.add(FieldError.required(controllerField));
            }
            for (String m : Names.isQualifiedName(controller)) {
                errs.add(FieldError.invalid(controllerField, controller, m));
            }
            lengthRequired(obj, "reportingInstance", REPORTING_INSTANCE_LIMIT, errs);
            lengthRequired(obj, "action", ACTION_LIMIT, errs);
            lengthRequired(obj, "reason", REASON_LIMIT, errs);
            String note = Nodes.strOrEmpty(obj, v1Events ? "note" : "message");
            if (note.length() > NOTE_LIMIT) {
                errs.add(FieldError.invalid(v1Events ? "note" : "message", "",
                        "can have at most " + NOTE_LIMIT + " characters"));
            }
            String type = Nodes.strOrEmpty(obj, "type");
            if (!type.equals("Normal") && !type.equals("Warning")) {
                errs.add(FieldError.invalid("type", "", "has invalid value: " + type));
            }
        }
        for (String m : Names.isDns1123Subdomain(ns)) {
            errs.add(FieldError.invalid("namespace", ns, m));
        }
        return errs;
    }

    private static void lengthRequired(ObjectNode obj, String field, int limit, List<FieldError> errs) {
        String v = Nodes.strOrEmpty(obj, field);
        if (v.isEmpty()) {
            errs.add(FieldError.required(field));
        } else if (v.length() > limit) {
            errs.add(FieldError.invalid(field, "", "can have at most " + limit + " characters"));
        }
    }
}
