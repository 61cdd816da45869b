package io.jube.api.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.schema.Schema;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders {@link Schema}s as OpenAPI schema objects. Named types become shared definitions
 * referenced with {@code $ref}; everything else is inlined. One instance collects the definitions
 * of one document.
 */
final class SchemaJson {
    /** The two dialects differ in where definitions live and how a described reference is written. */
    enum Dialect {
        V2("#/definitions/"), V3("#/components/schemas/");

        final String refPrefix;

        Dialect(String refPrefix) {
            this.refPrefix = refPrefix;
        }
    }

    private final Dialect dialect;
    private final Map<String, ObjectNode> definitions = new TreeMap<>();

    SchemaJson(Dialect dialect) {
        this.dialect = dialect;
    }

    /** Definitions collected so far, by name, sorted. */
    Map<String, ObjectNode> definitions() {
        return definitions;
    }

    /** Ensures a named schema's definition exists and returns its name. */
    String define(Schema named) {
        String name = named.typeName();
        if (name == null) {
            throw new IllegalArgumentException("schema has no type name: " + named);
        }
        if (!definitions.containsKey(name)) {
            ObjectNode body = Json.object();
            definitions.put(name, body); // before the body so recursive types find themselves
            writeBody(named.definition(), body);
        }
        return name;
    }

    /** A reference to a definition by name. */
    ObjectNode ref(String definition) {
        return Json.object().put("$ref", dialect.refPrefix + definition);
    }

    /** The schema object for a use of {@code s} (a field, list item, body...). */
    ObjectNode use(Schema s) {
        if (s.typeName() == null) {
            ObjectNode inline = Json.object();
            writeBody(s, inline);
            return inline;
        }
        String name = define(s);
        ObjectNode out;
        String fieldDescription = s.description();
        boolean described = fieldDescription != null && !fieldDescription.equals(definitions.get(name)
                .path("description").asText(null));
        if (dialect == Dialect.V3 && (described || s.patchStrategy() != null)) {
            // OpenAPI 3.0 ignores siblings of $ref, so Kubernetes wraps the reference in allOf.
            out = Json.object();
            out.putArray("allOf").add(ref(name));
        } else {
            out = ref(name);
        }
        if (described) {
            out.put("description", fieldDescription);
        }
        putPatchExtensions(s, out);
        return out;
    }

    private void writeBody(Schema s, ObjectNode out) {
        if (s.description() != null && !s.description().isEmpty()) {
            out.put("description", s.description());
        }
        switch (s.type()) {
            case OBJECT -> {
                out.put("type", "object");
                if (!s.properties().isEmpty()) {
                    ObjectNode props = out.putObject("properties");
                    s.properties().forEach((name, p) -> props.set(name, use(p)));
                }
                if (!s.required().isEmpty()) {
                    ArrayNode req = out.putArray("required");
                    s.required().forEach(req::add);
                }
            }
            case MAP -> {
                out.put("type", "object");
                out.set("additionalProperties", use(s.items()));
            }
            case LIST -> {
                out.put("type", "array");
                out.set("items", use(s.items()));
            }
            case STRING, INTEGER, NUMBER, BOOLEAN -> out.put("type", s.type().name().toLowerCase());
            case INT_OR_STRING -> writeIntOrString(s, out);
            case ANY -> {
                if (s.typeName() != null) {
                    out.put("type", "object"); // RawExtension, FieldsV1: opaque objects, as Kubernetes says
                }
            }
            default -> throw new IllegalStateException("unknown schema type " + s.type());
        }
        if (s.format() != null && s.type() != Schema.Type.INT_OR_STRING) {
            out.put("format", s.format());
        }
        putPatchExtensions(s, out);
        if (s.listType() != null) {
            if (!s.listMapKeys().isEmpty()) {
                ArrayNode keys = out.putArray("x-kubernetes-list-map-keys");
                s.listMapKeys().forEach(keys::add);
            }
            out.put("x-kubernetes-list-type", s.listType());
        }
        if (s.mapType() != null) {
            out.put("x-kubernetes-map-type", s.mapType());
        }
        if (s.preserveUnknownFields() && s.typeName() == null) {
            out.put("x-kubernetes-preserve-unknown-fields", true);
        }
        if (s.embeddedResource()) {
            out.put("x-kubernetes-embedded-resource", true);
        }
    }

    /**
     * Kubernetes publishes IntOrString as a string of format int-or-string and Quantity as a
     * string in v2; in v3 as a oneOf without a type (so explain shows the type's name).
     */
    private void writeIntOrString(Schema s, ObjectNode out) {
        boolean quantity = "quantity".equals(s.format());
        if (s.typeName() != null && dialect == Dialect.V3) {
            if (!quantity) {
                out.put("format", "int-or-string");
            }
            ArrayNode oneOf = out.putArray("oneOf");
            oneOf.addObject().put("type", quantity ? "string" : "integer");
            oneOf.addObject().put("type", quantity ? "number" : "string");
        } else if (quantity) {
            out.put("type", "string");
        } else if (s.typeName() != null) {
            out.put("type", "string").put("format", "int-or-string");
        } else {
            out.put("x-kubernetes-int-or-string", true);
            if (dialect == Dialect.V3) {
                ArrayNode any = out.putArray("anyOf");
                any.addObject().put("type", "integer");
                any.addObject().put("type", "string");
            }
        }
    }

    private static void putPatchExtensions(Schema s, ObjectNode out) {
        if (s.patchMergeKey() != null) {
            out.put("x-kubernetes-patch-merge-key", s.patchMergeKey());
        }
        if (s.patchStrategy() != null) {
            out.put("x-kubernetes-patch-strategy", s.patchStrategy());
        }
    }
}
