package io.jube.store.embedded;

import io.jube.store.KeyValue;
import io.jube.store.StoreException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One entry of the revision log: the change made at {@code revision}. A PUT carries the new value,
 * a DELETE none; {@code prevModRevision} points at the key's previous version (0 on create) so a
 * watch replayed from the log can still report prevKv.
 */
record Record(long revision, boolean delete, String key, byte[] value, long createRevision, long lease,
              long prevModRevision) {

    /** The key as it is after this change (for a DELETE: the key, no value, the deletion's revision). */
    KeyValue toKeyValue() {
        return delete
                ? new KeyValue(key, null, 0, revision, 0)
                : new KeyValue(key, value, createRevision, revision, lease);
    }

    static byte[] revisionKey(long revision) {
        return ByteBuffer.allocate(Long.BYTES).putLong(revision).array();
    }

    static long revisionOf(byte[] revisionKey) {
        return ByteBuffer.wrap(revisionKey).getLong();
    }

    byte[] encode() {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        int valueLength = value == null ? 0 : value.length;
        ByteBuffer b = ByteBuffer.allocate(1 + 3 * Long.BYTES + 2 * Integer.BYTES + k.length + valueLength);
        b.put((byte) (delete ? 1 : 0)).putLong(createRevision).putLong(lease).putLong(prevModRevision);
        b.putInt(k.length).put(k);
        b.putInt(value == null ? -1 : value.length);
        if (value != null) {
            b.put(value);
        }
        return b.array();
    }

    static Record decode(long revision, byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            boolean delete = b.get() == 1;
            long create = b.getLong();
            long lease = b.getLong();
            long prev = b.getLong();
            byte[] k = new byte[b.getInt()];
            b.get(k);
            int valueLength = b.getInt();
            byte[] value = null;
            if (valueLength >= 0) {
                value = new byte[valueLength];
                b.get(value);
            }
            return new Record(revision, delete, new String(k, StandardCharsets.UTF_8), value, create, lease, prev);
        } catch (RuntimeException e) {
            throw new StoreException(StoreException.Code.INTERNAL, "corrupt record at revision " + revision, null, e);
        }
    }
}
