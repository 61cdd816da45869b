package io.jube.api.strategy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.validation.NameRule;
import io.jube.api.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.List;

/**
 * Base of the built-in kinds' strategies: metadata validation with the kind's scope and name rule,
 * then the kind's own checks. On update Kubernetes runs the create checks too, then the update rules.
 */
public abstract class KindStrategy implements Strategy {
    private final boolean namespaced;
    private final NameRule nameRule;

    protected KindStrategy(boolean namespaced, NameRule nameRule) {
        this.namespaced = namespaced;
        this.nameRule = nameRule;
    }

    public boolean namespaced() {
        return namespaced;
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validate(obj, namespaced, nameRule));
        errs.addAll(validateSpec(obj));
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validate(obj, namespaced, nameRule));
        errs.addAll(ObjectMetaValidation.validateUpdate(obj, old));
        errs.addAll(validateSpec(obj));
        errs.addAll(validateSpecUpdate(obj, old));
        return errs;
    }

    /** The kind's own checks of an object (everything but metadata). */
    protected List<FieldError> validateSpec(ObjectNode obj) {
        return List.of();
    }

    /** The kind's update-only rules, e.g. immutable fields. */
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        return List.of();
    }
}
