package io.jube.api.strategy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.validation.T;
import java.util.List;

/** Drives a strategy as the REST layer does, for tests. */
final class Run {
    private Run() {
    }

    static Strategy of(String group, String kind) {
        return Strategies.forKind(group, kind);
    }

    /** applyDefaults, prepareForCreate, validate: the object as stored and its errors. */
    static Created create(String group, String kind, String yaml) {
        Strategy s = of(group, kind);
        ObjectNode obj = T.yaml(yaml);
        s.applyDefaults(obj);
        s.prepareForCreate(obj);
        return new Created(obj, s.validate(obj));
    }

    /** Defaults and prepares both objects as on create, then updates {@code old} to {@code now}. */
    static List<FieldError> update(String group, String kind, String oldYaml, String nowYaml) {
        Strategy s = of(group, kind);
        ObjectNode old = T.yaml(oldYaml);
        s.applyDefaults(old);
        s.prepareForCreate(old);
        ObjectNode now = T.yaml(nowYaml);
        s.applyDefaults(now);
        if (old.has("status")) {
            now.set("status", old.get("status").deepCopy()); // the REST layer keeps status on a spec update
        }
        s.prepareForUpdate(now, old);
        return s.validateUpdate(now, old);
    }

    /** Creates {@code oldYaml} as stored, then updates a changed copy of the stored object. */
    static List<FieldError> updateStored(String group, String kind, String oldYaml,
                                         java.util.function.Consumer<ObjectNode> change) {
        Strategy s = of(group, kind);
        ObjectNode old = T.yaml(oldYaml);
        s.applyDefaults(old);
        s.prepareForCreate(old);
        ObjectNode now = old.deepCopy();
        change.accept(now);
        s.applyDefaults(now);
        s.prepareForUpdate(now, old);
        return s.validateUpdate(now, old);
    }

    static List<String> lines(List<FieldError> errs) {
        return errs.stream().map(FieldError::toString).toList();
    }

    record Created(ObjectNode obj, List<FieldError> errors) {
        String at(String pointer) {
            return obj.at(pointer).isMissingNode() ? null : obj.at(pointer).asText();
        }
    }
}
