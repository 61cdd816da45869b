package io.jube.api.schema;

import java.util.List;
import java.util.Map;

/**
 * The structural view of an API type that patching, server-side apply, field validation and
 * pruning need: what Kubernetes publishes as the OpenAPI schema and its {@code x-kubernetes-*}
 * extensions. Built from the fabric8 model classes for built-in kinds and from
 * {@code openAPIV3Schema} for custom resources.
 */
public interface Schema {
    enum Type { OBJECT, MAP, LIST, STRING, INTEGER, NUMBER, BOOLEAN, INT_OR_STRING, ANY }

    Type type();

    /** For OBJECT: the declared fields in declaration order (empty for other types). */
    Map<String, Schema> properties();

    /** A declared field's schema, or null if the type has no such field. */
    default Schema property(String name) {
        return properties().get(name);
    }

    /** For LIST: the item schema; for MAP: the value schema; otherwise null. */
    Schema items();

    /** For OBJECT: required field names. */
    default List<String> required() {
        return List.of();
    }

    /** {@code x-kubernetes-list-type}: "atomic", "set" or "map"; null when not declared. */
    default String listType() {
        return null;
    }

    /** {@code x-kubernetes-list-map-keys} for listType "map". */
    default List<String> listMapKeys() {
        return List.of();
    }

    /** {@code x-kubernetes-map-type}: "atomic" or "granular"; null when not declared. */
    default String mapType() {
        return null;
    }

    /** {@code x-kubernetes-patch-strategy}: "merge", "replace", "retainKeys", "merge,retainKeys". */
    default String patchStrategy() {
        return null;
    }

    /** {@code x-kubernetes-patch-merge-key} of a list patched with strategy "merge". */
    default String patchMergeKey() {
        return null;
    }

    /** {@code x-kubernetes-preserve-unknown-fields}: unknown fields are kept, not pruned. */
    default boolean preserveUnknownFields() {
        return type() == Type.ANY;
    }

    /** {@code x-kubernetes-embedded-resource}. */
    default boolean embeddedResource() {
        return false;
    }

    /** Field description, for explain; may be null. */
    default String description() {
        return null;
    }

    /** OpenAPI {@code format} (int32, int64, double, date-time, byte, int-or-string, quantity); may be null. */
    default String format() {
        return null;
    }

    /**
     * The Kubernetes OpenAPI definition name of a named type ({@code io.k8s.api.core.v1.Pod}), so
     * documents can share it by reference; null for anonymous (inline) schemas.
     */
    default String typeName() {
        return null;
    }

    /**
     * For a field's view of a named type (which may carry the field's own description and patch
     * strategy): the shared named schema itself. Otherwise this schema.
     */
    default Schema definition() {
        return this;
    }
}
