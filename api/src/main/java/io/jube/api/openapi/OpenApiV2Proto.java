package io.jube.api.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedOutputStream;
import io.jube.api.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Encodes a Swagger 2.0 JSON document as the gnostic {@code openapi.v2.Document} protobuf that
 * kubectl asks for with {@code Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf}.
 * Written against the wire format (field numbers of gnostic's OpenAPIv2.proto) rather than
 * generated classes, so the build needs no protoc. Vendor extensions ({@code x-*}) are
 * {@code NamedAny} entries whose {@code Any.yaml} holds the value as YAML, as gnostic stores them.
 * Keys the document model does not use (security, tags, xml, headers, examples) are not encoded.
 */
public final class OpenApiV2Proto {
    /** What kubectl sends in Accept to ask for this encoding. */
    public static final String ACCEPT = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
    /**
     * The Content-Type to answer with: Kubernetes replies with a dot where the Accept value has
     * '@', which Go's mime parser (used by client-go on responses) rejects.
     */
    public static final String CONTENT_TYPE = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    /** How one JSON value becomes one protobuf field. */
    @FunctionalInterface
    private interface FieldWriter {
        void write(Msg m, int number, JsonNode value) throws IOException;
    }

    /** A message's JSON keys → (field number, writer), plus the field number of its vendor extensions. */
    private static final class Layout {
        final Map<String, Integer> numbers = new HashMap<>();
        final Map<String, FieldWriter> writers = new HashMap<>();
        int extensions;

        Layout f(String key, int number, FieldWriter w) {
            numbers.put(key, number);
            writers.put(key, w);
            return this;
        }

        Layout ext(int number) {
            extensions = number;
            return this;
        }
    }

    private static final FieldWriter STRING = (m, n, v) -> m.out.writeString(n, v.asText());
    private static final FieldWriter STRINGS = (m, n, v) -> {
        for (JsonNode s : v.isArray() ? v : List.of(v)) {
            m.out.writeString(n, s.asText());
        }
    };
    private static final FieldWriter BOOL = (m, n, v) -> m.out.writeBool(n, v.asBoolean());
    private static final FieldWriter DOUBLE = (m, n, v) -> m.out.writeDouble(n, v.asDouble());
    private static final FieldWriter INT64 = (m, n, v) -> m.out.writeInt64(n, v.asLong());
    private static final FieldWriter ANY = (m, n, v) -> m.out.writeByteArray(n, any(v));
    private static final FieldWriter ANYS = (m, n, v) -> {
        for (JsonNode e : v) {
            m.out.writeByteArray(n, any(e));
        }
    };

    private static final Layout INFO = new Layout().f("title", 1, STRING).f("version", 2, STRING)
            .f("description", 3, STRING).f("termsOfService", 4, STRING).ext(7);
    private static final Layout SCHEMA = new Layout();
    private static final Layout PRIMITIVES_ITEMS = new Layout();
    private static final Layout QUERY_PARAM = nonBody(true, 23);
    private static final Layout PATH_PARAM = nonBody(false, 22);
    private static final Layout BODY_PARAM = new Layout().f("description", 1, STRING).f("name", 2, STRING)
            .f("in", 3, STRING).f("required", 4, BOOL).f("schema", 5, message(SCHEMA)).ext(6);
    private static final Layout RESPONSE = new Layout().f("description", 1, STRING)
            .f("schema", 2, (m, n, v) -> m.out.writeByteArray(n, wrap(1, encode(SCHEMA, v)))).ext(5);
    private static final Layout OPERATION = new Layout().f("tags", 1, STRINGS).f("summary", 2, STRING)
            .f("description", 3, STRING).f("operationId", 5, STRING).f("produces", 6, STRINGS)
            .f("consumes", 7, STRINGS).f("parameters", 8, OpenApiV2Proto::parameters)
            .f("responses", 9, OpenApiV2Proto::responses).f("schemes", 10, STRINGS)
            .f("deprecated", 11, BOOL).ext(13);
    private static final Layout PATH_ITEM = new Layout().f("$ref", 1, STRING).f("get", 2, message(OPERATION))
            .f("put", 3, message(OPERATION)).f("post", 4, message(OPERATION)).f("delete", 5, message(OPERATION))
            .f("options", 6, message(OPERATION)).f("head", 7, message(OPERATION))
            .f("patch", 8, message(OPERATION)).f("parameters", 9, OpenApiV2Proto::parameters).ext(10);
    private static final Layout DOCUMENT = new Layout().f("swagger", 1, STRING).f("info", 2, message(INFO))
            .f("host", 3, STRING).f("basePath", 4, STRING).f("schemes", 5, STRINGS).f("consumes", 6, STRINGS)
            .f("produces", 7, STRINGS)
            .f("paths", 8, (m, n, v) -> m.out.writeByteArray(n, named(v, 2, PATH_ITEM, 1)))
            .f("definitions", 9, (m, n, v) -> m.out.writeByteArray(n, named(v, 1, SCHEMA, 0)))
            .ext(16);

    static {
        SCHEMA.f("$ref", 1, STRING).f("format", 2, STRING).f("title", 3, STRING).f("description", 4, STRING)
                .f("default", 5, ANY).f("multipleOf", 6, DOUBLE).f("maximum", 7, DOUBLE)
                .f("exclusiveMaximum", 8, BOOL).f("minimum", 9, DOUBLE).f("exclusiveMinimum", 10, BOOL)
                .f("maxLength", 11, INT64).f("minLength", 12, INT64).f("pattern", 13, STRING)
                .f("maxItems", 14, INT64).f("minItems", 15, INT64).f("uniqueItems", 16, BOOL)
                .f("maxProperties", 17, INT64).f("minProperties", 18, INT64).f("required", 19, STRINGS)
                .f("enum", 20, ANYS)
                .f("additionalProperties", 21, (m, n, v) -> m.out.writeByteArray(n, v.isBoolean()
                        ? boolField(2, v.asBoolean()) : wrap(1, encode(SCHEMA, v))))
                .f("type", 22, (m, n, v) -> m.out.writeByteArray(n, encodeStrings(1, v)))
                .f("items", 23, (m, n, v) -> m.out.writeByteArray(n, schemas(1, v)))
                .f("allOf", 24, (m, n, v) -> {
                    for (JsonNode s : v) {
                        m.out.writeByteArray(n, encode(SCHEMA, s));
                    }
                })
                .f("properties", 25, (m, n, v) -> m.out.writeByteArray(n, named(v, 1, SCHEMA, 0)))
                .f("discriminator", 26, STRING).f("readOnly", 27, BOOL).f("example", 30, ANY).ext(31);
        PRIMITIVES_ITEMS.f("type", 1, STRING).f("format", 2, STRING).f("items", 3, message(PRIMITIVES_ITEMS))
                .f("collectionFormat", 4, STRING).f("default", 5, ANY).f("maximum", 6, DOUBLE)
                .f("exclusiveMaximum", 7, BOOL).f("minimum", 8, DOUBLE).f("exclusiveMinimum", 9, BOOL)
                .f("maxLength", 10, INT64).f("minLength", 11, INT64).f("pattern", 12, STRING)
                .f("maxItems", 13, INT64).f("minItems", 14, INT64).f("uniqueItems", 15, BOOL)
                .f("enum", 16, ANYS).f("multipleOf", 17, DOUBLE).ext(18);
    }

    private OpenApiV2Proto() {
    }

    /** The protobuf encoding of a Swagger 2.0 document as built by {@link OpenApiV2#document}. */
    public static byte[] encode(ObjectNode swaggerJson) {
        try {
            return encode(DOCUMENT, swaggerJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Query/formData and path/header parameter sub-schemas share one field order; query and
     * formData have {@code allowEmptyValue} at 5, shifting everything after it by one.
     */
    private static Layout nonBody(boolean allowEmptyValue, int extensions) {
        Layout l = new Layout().f("required", 1, BOOL).f("in", 2, STRING).f("description", 3, STRING)
                .f("name", 4, STRING);
        int n = 5;
        if (allowEmptyValue) {
            l.f("allowEmptyValue", n++, BOOL);
        }
        l.f("type", n++, STRING).f("format", n++, STRING).f("items", n++, message(PRIMITIVES_ITEMS))
                .f("collectionFormat", n++, STRING).f("default", n++, ANY).f("maximum", n++, DOUBLE)
                .f("exclusiveMaximum", n++, BOOL).f("minimum", n++, DOUBLE).f("exclusiveMinimum", n++, BOOL)
                .f("maxLength", n++, INT64).f("minLength", n++, INT64).f("pattern", n++, STRING)
                .f("maxItems", n++, INT64).f("minItems", n++, INT64).f("uniqueItems", n++, BOOL)
                .f("enum", n++, ANYS).f("multipleOf", n, DOUBLE);
        return l.ext(extensions);
    }

    private static FieldWriter message(Layout layout) {
        return (m, n, v) -> m.out.writeByteArray(n, encode(layout, v));
    }

    private static byte[] encode(Layout layout, JsonNode node) throws IOException {
        Msg m = new Msg();
        if (node == null || !node.isObject()) {
            return m.bytes();
        }
        // Fields in number order (deterministic output; extensions last, as gnostic writes them).
        List<Map.Entry<String, JsonNode>> fields = new java.util.ArrayList<>();
        node.fields().forEachRemaining(fields::add);
        fields.sort(java.util.Comparator.comparingInt(e -> layout.numbers.getOrDefault(e.getKey(), Integer.MAX_VALUE)));
        for (Map.Entry<String, JsonNode> e : fields) {
            String key = e.getKey();
            Integer number = layout.numbers.get(key);
            if (number != null) {
                if (!e.getValue().isNull()) {
                    layout.writers.get(key).write(m, number, e.getValue());
                }
            } else if (key.startsWith("x-") && layout.extensions > 0) {
                m.out.writeByteArray(layout.extensions, namedAny(key, e.getValue()));
            }
        }
        return m.bytes();
    }

    /** A JSON object as repeated Named* entries (name 1, value 2) at {@code field}. */
    private static byte[] named(JsonNode obj, int field, Layout valueLayout, int extensionsField)
            throws IOException {
        Msg m = new Msg();
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (extensionsField > 0 && e.getKey().startsWith("x-")) {
                m.out.writeByteArray(extensionsField, namedAny(e.getKey(), e.getValue()));
                continue;
            }
            Msg entry = new Msg();
            entry.out.writeString(1, e.getKey());
            entry.out.writeByteArray(2, encode(valueLayout, e.getValue()));
            m.out.writeByteArray(field, entry.bytes());
        }
        return m.bytes();
    }

    /** Operation/PathItem parameters: each a ParametersItem holding a Parameter or a JsonReference. */
    private static void parameters(Msg m, int number, JsonNode params) throws IOException {
        for (JsonNode p : params) {
            byte[] item;
            if (p.has("$ref")) {
                Msg ref = new Msg();
                ref.out.writeString(1, p.get("$ref").asText());
                item = wrap(2, ref.bytes());
            } else {
                String in = p.path("in").asText();
                byte[] parameter = switch (in) {
                    case "body" -> wrap(1, encode(BODY_PARAM, p));
                    case "query" -> wrap(2, wrap(3, encode(QUERY_PARAM, p)));
                    case "path" -> wrap(2, wrap(4, encode(PATH_PARAM, p)));
                    case "header" -> wrap(2, wrap(1, encode(PATH_PARAM, p)));
                    case "formData" -> wrap(2, wrap(2, encode(QUERY_PARAM, p)));
                    default -> throw new IllegalArgumentException("parameter \"" + p.path("name").asText()
                            + "\" has unknown location \"" + in + "\"");
                };
                item = wrap(1, parameter);
            }
            m.out.writeByteArray(number, item);
        }
    }

    /** Responses: NamedResponseValue entries (code → ResponseValue{response | json_reference}). */
    private static void responses(Msg m, int number, JsonNode responses) throws IOException {
        Msg r = new Msg();
        for (Iterator<Map.Entry<String, JsonNode>> it = responses.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().startsWith("x-")) {
                r.out.writeByteArray(2, namedAny(e.getKey(), e.getValue()));
                continue;
            }
            byte[] value = e.getValue().has("$ref")
                    ? wrap(2, stringField(1, e.getValue().get("$ref").asText()))
                    : wrap(1, encode(RESPONSE, e.getValue()));
            Msg entry = new Msg();
            entry.out.writeString(1, e.getKey());
            entry.out.writeByteArray(2, value);
            r.out.writeByteArray(1, entry.bytes());
        }
        m.out.writeByteArray(number, r.bytes());
    }

    /** ItemsItem: one schema, or several for a tuple-typed array. */
    private static byte[] schemas(int field, JsonNode v) throws IOException {
        Msg m = new Msg();
        for (JsonNode s : v.isArray() ? v : List.of(v)) {
            m.out.writeByteArray(field, encode(SCHEMA, s));
        }
        return m.bytes();
    }

    private static byte[] namedAny(String name, JsonNode value) throws IOException {
        Msg m = new Msg();
        m.out.writeString(1, name);
        m.out.writeByteArray(2, any(value));
        return m.bytes();
    }

    /** openapi.v2.Any with the value as YAML in field 2. */
    private static byte[] any(JsonNode value) throws IOException {
        return stringField(2, yaml(value));
    }

    private static String yaml(JsonNode value) {
        try {
            return Json.YAML.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] encodeStrings(int field, JsonNode v) throws IOException {
        Msg m = new Msg();
        STRINGS.write(m, field, v);
        return m.bytes();
    }

    private static byte[] wrap(int field, byte[] message) throws IOException {
        Msg m = new Msg();
        m.out.writeByteArray(field, message);
        return m.bytes();
    }

    private static byte[] stringField(int field, String s) throws IOException {
        Msg m = new Msg();
        m.out.writeString(field, s);
        return m.bytes();
    }

    private static byte[] boolField(int field, boolean b) throws IOException {
        Msg m = new Msg();
        m.out.writeBool(field, b);
        return m.bytes();
    }

    /** A message under construction. */
    private static final class Msg {
        final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        final CodedOutputStream out = CodedOutputStream.newInstance(buf);

        byte[] bytes() throws IOException {
            out.flush();
            return buf.toByteArray();
        }
    }
}
