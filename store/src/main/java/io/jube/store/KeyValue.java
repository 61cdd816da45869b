package io.jube.store;

/**
 * One key's value at a revision. {@code value} is null for a deletion event's key.
 * {@code createRevision} is the revision that created this incarnation of the key,
 * {@code modRevision} the revision of its last change (for a deletion: the deletion's revision).
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision, long lease) {
}
