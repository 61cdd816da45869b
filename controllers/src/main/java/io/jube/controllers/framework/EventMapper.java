package io.jube.controllers.framework;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Maps an informer event to the keys of the objects to reconcile. */
@FunctionalInterface
public interface EventMapper<T> {
    Collection<String> keys(ObjectEvent<T> event);

    /** Maps each object of an event (for updates both the old and the new) with {@code fn} and unions the keys. */
    static <T> EventMapper<T> eachObject(Function<T, Collection<String>> fn) {
        return e -> {
            Set<String> keys = new LinkedHashSet<>(fn.apply(e.object()));
            if (e.oldObject() != null) {
                keys.addAll(fn.apply(e.oldObject()));
            }
            return keys;
        };
    }

    /** The object's own key: the usual mapping for a controller's primary type. */
    static <T extends io.fabric8.kubernetes.api.model.HasMetadata> EventMapper<T> self() {
        return e -> List.of(Keys.of(e.object()));
    }
}
