package io.jube.api.proto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Appends protobuf wire records to a growing byte array. */
final class WireWriter {
    private byte[] buf = new byte[64];
    private int size;

    void varintField(int number, long value) {
        tag(number, WireReader.VARINT);
        varint(value);
    }

    void bytesField(int number, byte[] value) {
        bytesField(number, value, value.length);
    }

    void stringField(int number, String value) {
        bytesField(number, value.getBytes(StandardCharsets.UTF_8));
    }

    void messageField(int number, WireWriter message) {
        bytesField(number, message.buf, message.size);
    }

    void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void bytesField(int number, byte[] value, int length) {
        tag(number, WireReader.LEN);
        varint(length);
        ensure(length);
        System.arraycopy(value, 0, buf, size, length);
        size += length;
    }

    private void tag(int number, int wireType) {
        varint(((long) number << 3) | wireType);
    }

    /** Negative values take ten bytes, as protobuf encodes int32/int64 by sign extension. */
    private void varint(long value) {
        ensure(10);
        while ((value & ~0x7fL) != 0) {
            buf[size++] = (byte) ((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        buf[size++] = (byte) value;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
