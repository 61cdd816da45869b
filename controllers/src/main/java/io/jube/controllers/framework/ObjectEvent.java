package io.jube.controllers.framework;

/** One informer notification. {@code oldObject} is set only for updates. */
public record ObjectEvent<T>(Type type, T oldObject, T object) {
    public enum Type { ADDED, UPDATED, DELETED }
}
