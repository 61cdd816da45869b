package io.jube.api.proto;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.Json;
import io.jube.api.proto.FieldTable.Field;
import io.jube.api.proto.FieldTable.Message;
import io.jube.api.proto.FieldTable.Scalar;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Turns a JSON tree into Kubernetes protobuf. JSON fields the message does not have are left out,
 * as a Go client decoding that JSON into its struct would drop them.
 */
final class ProtoEncoder {
    private final FieldTable table;

    ProtoEncoder(FieldTable table) {
        this.table = table;
    }

    WireWriter encode(Message m, JsonNode node, String path, int depth) {
        checkDepth(depth);
        WireWriter w = new WireWriter();
        if (!node.isObject()) {
            throw new ProtobufException(path + ": expected an object, got " + node.getNodeType());
        }
        for (Field f : m.fields()) {
            if (f.inline()) { // the embedded struct's fields sit in this same JSON object
                w.messageField(f.number(), encode(message(f.message()), node, path, depth + 1));
                continue;
            }
            JsonNode v = node.get(f.json());
            if (v == null || (v.isNull() && !(f.card() == FieldTable.Card.OPT && isTime(f)))) {
                continue;
            }
            String at = path + "." + f.json();
            switch (f.card()) {
                case OPT -> field(w, f, v, at, depth);
                case REP -> {
                    if (!v.isArray()) {
                        throw new ProtobufException(at + ": expected an array, got " + v.getNodeType());
                    }
                    for (int i = 0; i < v.size(); i++) {
                        field(w, f, v.get(i), at + "[" + i + "]", depth);
                    }
                }
                case MAP -> map(w, f, v, at, depth);
                default -> throw new IllegalStateException();
            }
        }
        return w;
    }

    private void field(WireWriter w, Field f, JsonNode v, String at, int depth) {
        if (f.scalar() != null) {
            scalar(w, f.number(), f.scalar(), v, at);
        } else if (v.isNull()) { // a null time: Go writes the zero time as an empty message
            w.messageField(f.number(), new WireWriter());
        } else {
            w.messageField(f.number(), value(message(f.message()), v, at, depth + 1));
        }
    }

    private boolean isTime(Field f) {
        if (f.message() == null) {
            return false;
        }
        FieldTable.Special s = message(f.message()).special();
        return s == FieldTable.Special.TIME || s == FieldTable.Special.MICRO_TIME;
    }

    private void map(WireWriter w, Field f, JsonNode v, String at, int depth) {
        if (!v.isObject()) {
            throw new ProtobufException(at + ": expected an object, got " + v.getNodeType());
        }
        List<String> keys = new ArrayList<>();
        v.fieldNames().forEachRemaining(keys::add);
        keys.sort(null); // Go writes map entries in key order
        for (String key : keys) {
            JsonNode value = v.get(key);
            WireWriter entry = new WireWriter();
            entry.stringField(1, key);
            if (!value.isNull()) {
                if (f.scalar() != null) {
                    scalar(entry, 2, f.scalar(), value, at + "." + key);
                } else {
                    entry.messageField(2, value(message(f.message()), value, at + "." + key, depth + 1));
                }
            }
            w.messageField(f.number(), entry);
        }
    }

    private WireWriter value(Message m, JsonNode v, String at, int depth) {
        checkDepth(depth);
        WireWriter w = new WireWriter();
        switch (m.special()) {
            case NONE -> {
                return encode(m, v, at, depth);
            }
            case TIME, MICRO_TIME -> {
                Instant t = KubeTime.parse(text(v, at));
                w.varintField(1, t.getEpochSecond());
                w.varintField(2, t.getNano());
            }
            case DURATION -> w.varintField(1, GoDuration.parse(text(v, at)));
            case INT_OR_STRING -> {
                if (v.isIntegralNumber() && v.canConvertToInt()) {
                    w.varintField(1, 0);
                    w.varintField(2, v.intValue());
                    w.stringField(3, "");
                } else if (v.isTextual()) {
                    w.varintField(1, 1);
                    w.varintField(2, 0);
                    w.stringField(3, v.asText());
                } else {
                    throw new ProtobufException(at + ": expected an int32 or a string, got " + v);
                }
            }
            case QUANTITY -> {
                if (!v.isTextual() && !v.isNumber()) {
                    throw new ProtobufException(at + ": expected a quantity, got " + v.getNodeType());
                }
                w.stringField(1, v.isTextual() ? v.asText() : v.numberValue().toString());
            }
            case RAW_EXTENSION, FIELDS_V1 -> w.bytesField(1, Json.bytes(v));
            case VERBS -> {
                if (!v.isArray()) {
                    throw new ProtobufException(at + ": expected an array, got " + v.getNodeType());
                }
                for (int i = 0; i < v.size(); i++) {
                    w.stringField(1, text(v.get(i), at + "[" + i + "]"));
                }
            }
            default -> throw new IllegalStateException(m.special().name());
        }
        return w;
    }

    private static void scalar(WireWriter w, int number, Scalar s, JsonNode v, String at) {
        switch (s) {
            case STRING -> w.stringField(number, text(v, at));
            case BYTES -> {
                try {
                    w.bytesField(number, Base64.getDecoder().decode(text(v, at)));
                } catch (IllegalArgumentException e) {
                    throw new ProtobufException(at + ": invalid base64: " + e.getMessage());
                }
            }
            case BOOL -> {
                if (!v.isBoolean()) {
                    throw new ProtobufException(at + ": expected a boolean, got " + v.getNodeType());
                }
                w.varintField(number, v.booleanValue() ? 1 : 0);
            }
            case INT32, INT64 -> {
                boolean fits = s == Scalar.INT32 ? v.canConvertToInt() : v.canConvertToLong();
                if (!v.isIntegralNumber() || !fits) {
                    throw new ProtobufException(at + ": expected an " + s.name().toLowerCase() + ", got " + v);
                }
                w.varintField(number, v.longValue());
            }
            default -> throw new IllegalStateException(s.name());
        }
    }

    private static String text(JsonNode v, String at) {
        if (!v.isTextual()) {
            throw new ProtobufException(at + ": expected a string, got " + v.getNodeType());
        }
        return v.asText();
    }

    private Message message(String name) {
        Message m = table.message(name);
        if (m == null) {
            throw new IllegalStateException("fields.tsv refers to unknown message " + name);
        }
        return m;
    }

    private static void checkDepth(int depth) {
        if (depth > ProtoDecoder.MAX_DEPTH) {
            throw new ProtobufException("nesting deeper than " + ProtoDecoder.MAX_DEPTH + " levels");
        }
    }
}
