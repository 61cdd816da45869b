package io.jube.api.strategy;

import io.jube.api.validation.NameRule;

/** Kinds with no rules of their own beyond metadata (and custom resources). */
final class MetadataOnlyStrategy extends KindStrategy {
    MetadataOnlyStrategy(boolean namespaced, NameRule rule) {
        super(namespaced, rule);
    }
}
