package io.jube.api.strategy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Per-kind behaviour of the generic REST layer, as Kubernetes' registry strategies: defaulting,
 * preparing a write, and validation. The REST layer itself handles metadata, the status/spec split,
 * generation and resourceVersion for every kind; a strategy only adds what is kind-specific.
 * All methods act on the object in its storage form (JSON with apiVersion and kind set).
 */
public interface Strategy {
    Strategy NONE = new Strategy() {
    };

    /** Fills Kubernetes' defaults (run on every create and update, before validation). */
    default void applyDefaults(ObjectNode obj) {
    }

    /** Kind-specific changes before a create, e.g. a Pod's status reset to Pending. */
    default void prepareForCreate(ObjectNode obj) {
    }

    /** Kind-specific changes before an update, given the stored object. */
    default void prepareForUpdate(ObjectNode obj, ObjectNode old) {
    }

    /** Errors of an object about to be created. */
    default List<FieldError> validate(ObjectNode obj) {
        return List.of();
    }

    /** Errors of an update, e.g. immutable fields; by default the create checks. */
    default List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        return validate(obj);
    }
}
