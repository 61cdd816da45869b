package io.jube.api.proto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads protobuf wire records from one slice of a byte array. Every read checks the slice bound,
 * so truncated or lying input ends in a {@link ProtobufException}, never in an overrun.
 */
final class WireReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LEN = 2;
    static final int FIXED32 = 5;

    private final byte[] buf;
    private int pos;
    private final int limit;

    WireReader(byte[] buf, int from, int to) {
        this.buf = buf;
        this.pos = from;
        this.limit = to;
    }

    boolean atEnd() {
        return pos >= limit;
    }

    /** The next tag: field number in the high bits, wire type in the low three. */
    int readTag() {
        long tag = readVarint();
        int wireType = (int) (tag & 7);
        long number = tag >>> 3;
        if (number < 1 || number > 536_870_911L) {
            throw new ProtobufException("protobuf: invalid field number " + number);
        }
        if (wireType != VARINT && wireType != FIXED64 && wireType != LEN && wireType != FIXED32) {
            throw new ProtobufException("protobuf: unsupported wire type " + wireType + " for field " + number);
        }
        return (int) tag;
    }

    long readVarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= limit) {
                throw new ProtobufException("protobuf: truncated varint");
            }
            byte b = buf[pos++];
            result |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw new ProtobufException("protobuf: varint longer than 10 bytes");
    }

    /** A reader over the next length-delimited record, which this reader then skips. */
    WireReader readNested() {
        int len = readLength();
        WireReader nested = new WireReader(buf, pos, pos + len);
        pos += len;
        return nested;
    }

    byte[] readBytes() {
        int len = readLength();
        byte[] out = Arrays.copyOfRange(buf, pos, pos + len);
        pos += len;
        return out;
    }

    String readString() {
        int len = readLength();
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    void skip(int wireType) {
        switch (wireType) {
            case VARINT -> readVarint();
            case FIXED64 -> advance(8);
            case FIXED32 -> advance(4);
            case LEN -> advance(readLength());
            default -> throw new ProtobufException("protobuf: unsupported wire type " + wireType);
        }
    }

    private int readLength() {
        long len = readVarint();
        if (len < 0 || len > limit - pos) {
            throw new ProtobufException("protobuf: length " + len + " exceeds the " + (limit - pos) + " bytes left");
        }
        return (int) len;
    }

    private void advance(int n) {
        if (n > limit - pos) {
            throw new ProtobufException("protobuf: truncated fixed-width field");
        }
        pos += n;
    }
}
