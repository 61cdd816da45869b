package io.jube.store;

/**
 * One change. For PUT, {@code kv} is the new value and {@code prevKv} the previous one (null on
 * create). For DELETE, {@code kv} carries the key, a null value and the deletion's revision as
 * modRevision; {@code prevKv} is the value just before the deletion.
 */
public record WatchEvent(Type type, KeyValue kv, KeyValue prevKv) {
    public enum Type { PUT, DELETE }

    public long revision() {
        return kv.modRevision();
    }
}
