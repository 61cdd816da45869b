package io.jube.api.openapi;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A schema-less protobuf reader for tests: field number → raw values (varints as Long, bytes). */
final class ProtoReader {
    private final Map<Integer, List<Object>> fields = new LinkedHashMap<>();

    ProtoReader(byte[] bytes) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                int number = WireFormat.getTagFieldNumber(tag);
                Object value = switch (WireFormat.getTagWireType(tag)) {
                    case WireFormat.WIRETYPE_VARINT -> in.readInt64();
                    case WireFormat.WIRETYPE_FIXED64 -> in.readFixed64();
                    case WireFormat.WIRETYPE_LENGTH_DELIMITED -> in.readByteArray();
                    case WireFormat.WIRETYPE_FIXED32 -> (long) in.readFixed32();
                    default -> throw new IllegalStateException("unexpected wire type in tag " + tag);
                };
                fields.computeIfAbsent(number, k -> new ArrayList<>()).add(value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Object> all(int number) {
        return fields.getOrDefault(number, List.of());
    }

    String str(int number) {
        List<Object> v = all(number);
        return v.isEmpty() ? null : new String((byte[]) v.get(v.size() - 1), StandardCharsets.UTF_8);
    }

    List<String> strs(int number) {
        return all(number).stream().map(b -> new String((byte[]) b, StandardCharsets.UTF_8)).toList();
    }

    boolean bool(int number) {
        List<Object> v = all(number);
        return !v.isEmpty() && (Long) v.get(v.size() - 1) != 0;
    }

    ProtoReader msg(int number) {
        List<Object> v = all(number);
        return v.isEmpty() ? null : new ProtoReader((byte[]) v.get(v.size() - 1));
    }

    List<ProtoReader> msgs(int number) {
        return all(number).stream().map(b -> new ProtoReader((byte[]) b)).toList();
    }

    /** Among repeated Named* entries (name 1, value 2) at {@code number}: the value named {@code name}. */
    ProtoReader named(int number, String name) {
        for (ProtoReader entry : msgs(number)) {
            if (name.equals(entry.str(1))) {
                return entry.msg(2);
            }
        }
        return null;
    }

    List<String> names(int number) {
        return msgs(number).stream().map(e -> e.str(1)).toList();
    }
}
