package io.jube.api.proto;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.proto.FieldTable.Card;
import io.jube.api.proto.FieldTable.Field;
import io.jube.api.proto.FieldTable.Message;
import io.jube.api.proto.FieldTable.Scalar;
import java.util.Base64;

/**
 * Turns Kubernetes protobuf into the JSON tree the same Go object would marshal to.
 *
 * <p>Go writes every non-pointer scalar on the wire, even when zero, while its JSON leaves zero
 * values out (omitempty) or they mean the same as absent; so zero scalars are dropped unless the
 * field is a pointer, where zero is a real value (replicas: 0, automountServiceAccountToken: false).
 */
final class ProtoDecoder {
    static final int MAX_DEPTH = 100;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private final FieldTable table;
    private final KindResolver kinds;

    ProtoDecoder(FieldTable table, KindResolver kinds) {
        this.table = table;
        this.kinds = kinds;
    }

    /** Decodes a whole body: the k8s\0 prefix, then a runtime.Unknown holding the object. */
    ObjectNode decodeEnvelope(byte[] body, int depth) {
        if (!KubeProtobuf.hasMagic(body)) {
            throw new ProtobufException("not a Kubernetes protobuf body: missing the k8s\\0 prefix");
        }
        checkDepth(depth);
        String apiVersion = "";
        String kind = "";
        WireReader raw = null;
        String contentEncoding = "";
        WireReader r = new WireReader(body, KubeProtobuf.MAGIC.length, body.length);
        while (!r.atEnd()) {
            int tag = r.readTag();
            int number = tag >>> 3;
            if (number == 1 || number == 2 || number == 3) {
                expect(tag, WireReader.LEN, "runtime.Unknown");
            }
            switch (number) {
                case 1 -> {
                    WireReader tm = r.readNested();
                    while (!tm.atEnd()) {
                        int t = tm.readTag();
                        if ((t >>> 3) == 1 || (t >>> 3) == 2) {
                            expect(t, WireReader.LEN, "runtime.TypeMeta");
                            String s = tm.readString();
                            if ((t >>> 3) == 1) {
                                apiVersion = s;
                            } else {
                                kind = s;
                            }
                        } else {
                            tm.skip(t & 7);
                        }
                    }
                }
                case 2 -> raw = r.readNested();
                case 3 -> contentEncoding = r.readString();
                default -> r.skip(tag & 7);
            }
        }
        if (!contentEncoding.isEmpty()) {
            throw new ProtobufException("protobuf: unsupported content encoding \"" + contentEncoding + "\"");
        }
        if (kind.isEmpty()) {
            throw new ProtobufException("protobuf: the body names no kind");
        }
        Message m = kinds.message(apiVersion, kind);
        if (m == null) {
            throw new ProtobufException("protobuf: unsupported kind " + kind + " in apiVersion \"" + apiVersion + "\"");
        }
        ObjectNode out = NODES.objectNode();
        out.put("kind", kind);
        out.put("apiVersion", apiVersion);
        if (raw != null) {
            decodeInto(out, m, raw, depth + 1);
        }
        return out;
    }

    private void decodeInto(ObjectNode target, Message m, WireReader r, int depth) {
        checkDepth(depth);
        while (!r.atEnd()) {
            int tag = r.readTag();
            Field f = m.field(tag >>> 3);
            if (f == null) {
                r.skip(tag & 7); // a field newer than our table, as Go skips unknown fields
                continue;
            }
            switch (f.card()) {
                case OPT -> decodeOptional(target, m, f, tag, r, depth);
                case REP -> decodeRepeated(target.withArrayProperty(f.json()), m, f, tag, r, depth);
                case MAP -> decodeMapEntry(target.withObjectProperty(f.json()), m, f, tag, r, depth);
                default -> throw new IllegalStateException();
            }
        }
    }

    private void decodeOptional(ObjectNode target, Message m, Field f, int tag, WireReader r, int depth) {
        if (f.scalar() != null) {
            JsonNode v = scalar(f.scalar(), tag, r, m, f);
            if (f.pointer() || !isZero(v)) {
                target.set(f.json(), v);
            } else {
                target.remove(f.json());
            }
            return;
        }
        expect(tag, WireReader.LEN, m.name() + "." + f.json());
        Message sub = message(f.message());
        WireReader nested = r.readNested();
        if (f.inline()) {
            decodeInto(target, sub, nested, depth + 1);
            return;
        }
        JsonNode v = value(sub, nested, target.get(f.json()), depth + 1);
        if (sub.special() == FieldTable.Special.INT_OR_STRING && !f.pointer() && isZero(v)) {
            target.remove(f.json());
        } else {
            target.set(f.json(), v);
        }
    }

    private void decodeRepeated(ArrayNode target, Message m, Field f, int tag, WireReader r, int depth) {
        if (f.scalar() == null) {
            expect(tag, WireReader.LEN, m.name() + "." + f.json());
            target.add(value(message(f.message()), r.readNested(), null, depth + 1));
        } else if ((tag & 7) == WireReader.LEN && f.scalar() != Scalar.STRING && f.scalar() != Scalar.BYTES) {
            WireReader packed = r.readNested(); // packed numbers: one record, many varints
            while (!packed.atEnd()) {
                target.add(varintNode(f.scalar(), packed.readVarint()));
            }
        } else {
            target.add(scalar(f.scalar(), tag, r, m, f));
        }
    }

    private void decodeMapEntry(ObjectNode target, Message m, Field f, int tag, WireReader r, int depth) {
        expect(tag, WireReader.LEN, m.name() + "." + f.json());
        WireReader entry = r.readNested();
        String key = "";
        JsonNode value = null;
        Message valueType = f.scalar() == null ? message(f.message()) : null;
        while (!entry.atEnd()) {
            int t = entry.readTag();
            int number = t >>> 3;
            if (number == 1) {
                key = scalar(f.keyScalar(), t, entry, m, f).asText();
            } else if (number == 2 && valueType == null) {
                value = scalar(f.scalar(), t, entry, m, f);
            } else if (number == 2) {
                expect(t, WireReader.LEN, m.name() + "." + f.json());
                value = value(valueType, entry.readNested(), null, depth + 1);
            } else {
                entry.skip(t & 7);
            }
        }
        if (value == null) {
            value = valueType == null ? zero(f.scalar()) : value(valueType, new WireReader(new byte[0], 0, 0), null, depth + 1);
        }
        target.set(key, value);
    }

    /** The JSON of one message value; {@code existing} is merged into when a field repeats. */
    private JsonNode value(Message m, WireReader r, JsonNode existing, int depth) {
        checkDepth(depth);
        switch (m.special()) {
            case NONE -> {
                ObjectNode o = existing instanceof ObjectNode e ? e : NODES.objectNode();
                decodeInto(o, m, r, depth);
                return o;
            }
            case TIME, MICRO_TIME -> {
                if (r.atEnd()) {
                    return NullNode.instance;
                }
                long[] v = varints(r, 2);
                String s = KubeTime.format(v[0], (int) v[1], m.special() == FieldTable.Special.MICRO_TIME);
                return s == null ? NullNode.instance : NODES.textNode(s);
            }
            case DURATION -> {
                return NODES.textNode(GoDuration.format(varints(r, 1)[0]));
            }
            case INT_OR_STRING -> {
                long type = 0;
                int intVal = 0;
                String strVal = "";
                while (!r.atEnd()) {
                    int t = r.readTag();
                    switch (t >>> 3) {
                        case 1 -> type = varint(t, r, m);
                        case 2 -> intVal = (int) varint(t, r, m);
                        case 3 -> strVal = string(t, r, m);
                        default -> r.skip(t & 7);
                    }
                }
                return type == 1 ? NODES.textNode(strVal) : NODES.numberNode(intVal);
            }
            case QUANTITY -> {
                String s = firstString(r, m);
                return NODES.textNode(s.isEmpty() ? "0" : s);
            }
            case VERBS -> {
                ArrayNode a = NODES.arrayNode();
                while (!r.atEnd()) {
                    int t = r.readTag();
                    if ((t >>> 3) == 1) {
                        a.add(string(t, r, m));
                    } else {
                        r.skip(t & 7);
                    }
                }
                return a;
            }
            case RAW_EXTENSION, FIELDS_V1 -> {
                byte[] raw = firstBytes(r, m);
                if (raw.length == 0) {
                    return NullNode.instance;
                }
                if (m.special() == FieldTable.Special.RAW_EXTENSION && KubeProtobuf.hasMagic(raw)) {
                    return decodeEnvelope(raw, depth + 1); // an embedded object in protobuf (watch events)
                }
                try {
                    return Json.MAPPER.readTree(raw);
                } catch (JacksonException e) {
                    throw new ProtobufException("protobuf: " + m.name() + " holds invalid JSON: " + e.getOriginalMessage());
                } catch (java.io.IOException e) {
                    throw new ProtobufException("protobuf: " + m.name() + " unreadable", e);
                }
            }
            default -> throw new IllegalStateException(m.special().name());
        }
    }

    private JsonNode scalar(Scalar s, int tag, WireReader r, Message m, Field f) {
        if (s == Scalar.STRING || s == Scalar.BYTES) {
            expect(tag, WireReader.LEN, m.name() + "." + f.json());
            return s == Scalar.STRING ? NODES.textNode(r.readString()) : NODES.textNode(BASE64.encodeToString(r.readBytes()));
        }
        expect(tag, WireReader.VARINT, m.name() + "." + f.json());
        return varintNode(s, r.readVarint());
    }

    private static JsonNode varintNode(Scalar s, long v) {
        return switch (s) {
            case INT32 -> NODES.numberNode((int) v);
            case INT64 -> v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v); // as a JSON parser would
            case BOOL -> NODES.booleanNode(v != 0);
            default -> throw new IllegalStateException(s.name());
        };
    }

    private static JsonNode zero(Scalar s) {
        return switch (s) {
            case STRING, BYTES -> NODES.textNode("");
            case INT32, INT64 -> NODES.numberNode(0);
            case BOOL -> NODES.booleanNode(false);
        };
    }

    private static boolean isZero(JsonNode v) {
        return (v.isTextual() && v.asText().isEmpty()) || (v.isIntegralNumber() && v.asLong() == 0)
                || (v.isBoolean() && !v.asBoolean());
    }

    /** The varint fields 1..n of a small message (seconds/nanos, duration). */
    private static long[] varints(WireReader r, int n) {
        long[] out = new long[n];
        while (!r.atEnd()) {
            int t = r.readTag();
            int number = t >>> 3;
            if (number <= n) {
                expect(t, WireReader.VARINT, "field " + number);
                out[number - 1] = r.readVarint();
            } else {
                r.skip(t & 7);
            }
        }
        return out;
    }

    private static String firstString(WireReader r, Message m) {
        String s = "";
        while (!r.atEnd()) {
            int t = r.readTag();
            if ((t >>> 3) == 1) {
                s = string(t, r, m);
            } else {
                r.skip(t & 7);
            }
        }
        return s;
    }

    private static byte[] firstBytes(WireReader r, Message m) {
        byte[] b = new byte[0];
        while (!r.atEnd()) {
            int t = r.readTag();
            if ((t >>> 3) == 1) {
                expect(t, WireReader.LEN, m.name());
                b = r.readBytes();
            } else {
                r.skip(t & 7);
            }
        }
        return b;
    }

    private static long varint(int tag, WireReader r, Message m) {
        expect(tag, WireReader.VARINT, m.name() + " field " + (tag >>> 3));
        return r.readVarint();
    }

    private static String string(int tag, WireReader r, Message m) {
        expect(tag, WireReader.LEN, m.name() + " field " + (tag >>> 3));
        return r.readString();
    }

    private Message message(String name) {
        Message m = table.message(name);
        if (m == null) {
            throw new IllegalStateException("fields.tsv refers to unknown message " + name);
        }
        return m;
    }

    private static void expect(int tag, int wireType, String where) {
        if ((tag & 7) != wireType) {
            throw new ProtobufException("protobuf: " + where + " has wire type " + (tag & 7) + ", expected " + wireType);
        }
    }

    private static void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw new ProtobufException("protobuf: nesting deeper than " + MAX_DEPTH + " levels");
        }
    }
}
