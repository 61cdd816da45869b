package io.jube.controllers.framework;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.jube.api.selector.LabelSelector;
import io.jube.api.selector.SelectorException;
import java.util.Optional;
import java.util.function.Supplier;

/** An owner's pod selector as controllers read it. */
public final class Selectors {
    private Selectors() {
    }

    /**
     * The parsed selector, or empty after an {@code InvalidSelector} warning event on {@code owner}: a malformed
     * selector is fixed only by a spec change, which enqueues the owner again, so the caller just stops.
     */
    public static Optional<LabelSelector> parseOrWarn(EventRecorder recorder, HasMetadata owner,
                                                      Supplier<LabelSelector> parse) {
        try {
            return Optional.of(parse.get());
        } catch (SelectorException e) {
            recorder.warning(owner, "InvalidSelector", "invalid selector: " + e.getMessage());
            return Optional.empty();
        }
    }
}
