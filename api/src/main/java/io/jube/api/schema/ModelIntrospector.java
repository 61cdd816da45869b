package io.jube.api.schema;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.jube.api.Json;
import io.jube.api.schema.Schema.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds schemas from fabric8 model classes with Jackson's own view of them (property names and
 * order as serialized), adding the Kubernetes facts the classes lack from {@link FieldFacts}.
 * Not thread-safe: {@link SchemaRegistry} serialises access.
 */
final class ModelIntrospector {
    private static final String FABRIC8 = "io.fabric8.kubernetes.api.model.";

    private final Map<Class<?>, SchemaNode> named = new HashMap<>();

    /** The schema of a model class; classes that are not plain values get one shared node each. */
    Schema forClass(Class<?> c) {
        return forType(Json.MAPPER.constructType(c), null, null);
    }

    private Schema forType(JavaType t, String owner, String field) {
        Class<?> raw = t.getRawClass();
        Schema scalar = scalar(raw, field);
        if (scalar != null) {
            return scalar;
        }
        if (t.isCollectionLikeType() || t.isArrayType()) {
            SchemaNode list = new SchemaNode(Type.LIST).items(forType(t.getContentType(), null, null));
            applyListFacts(list, owner, field);
            return list;
        }
        if (t.isMapLikeType()) {
            SchemaNode map = new SchemaNode(Type.MAP);
            boolean bytes = owner != null && FieldFacts.byteMap(owner, field);
            map.items(bytes ? SchemaNode.of(Type.STRING, "byte") : forType(t.getContentType(), null, null));
            applyListFacts(map, owner, field);
            return map;
        }
        return model(t);
    }

    /** Plain values and the special apimachinery types; null when {@code c} is a structured model. */
    private static Schema scalar(Class<?> c, String field) {
        if (c == String.class || c.isEnum() || c == Character.class) {
            boolean time = field != null && FieldFacts.TIMESTAMPS.contains(field);
            return SchemaNode.of(Type.STRING, time ? "date-time" : null);
        }
        if (c == Integer.class || c == int.class || c == Short.class || c == short.class) {
            return SchemaNode.of(Type.INTEGER, "int32");
        }
        if (c == Long.class || c == long.class || c == BigInteger.class) {
            return SchemaNode.of(Type.INTEGER, "int64");
        }
        if (c == Boolean.class || c == boolean.class) {
            return SchemaNode.of(Type.BOOLEAN, null);
        }
        if (c == Double.class || c == double.class || c == Float.class || c == float.class
                || c == BigDecimal.class) {
            return SchemaNode.of(Type.NUMBER, "double");
        }
        if (c == byte[].class) {
            return SchemaNode.of(Type.STRING, "byte");
        }
        if (Temporal.class.isAssignableFrom(c) || c == java.util.Date.class) {
            return SchemaNode.of(Type.STRING, "date-time");
        }
        String name = c.getName();
        if (name.equals(FABRIC8 + "IntOrString")) {
            return named(SchemaNode.of(Type.INT_OR_STRING, "int-or-string"), c);
        }
        if (name.equals(FABRIC8 + "Quantity")) {
            // Quantities are strings on the wire but Kubernetes also accepts JSON numbers for them.
            return named(SchemaNode.of(Type.INT_OR_STRING, "quantity"), c);
        }
        if (name.equals(FABRIC8 + "MicroTime") || name.equals(FABRIC8 + "Time")) {
            return named(SchemaNode.of(Type.STRING, "date-time"), c);
        }
        if (name.equals(FABRIC8 + "Duration")) {
            return named(SchemaNode.of(Type.STRING, null), c);
        }
        if (c == Object.class || JsonNode.class.isAssignableFrom(c) || name.equals(FABRIC8 + "AnyType")
                || name.equals(FABRIC8 + "runtime.RawExtension") || name.equals(FABRIC8 + "FieldsV1")
                || name.startsWith(FABRIC8 + "apiextensions.v1.JSONSchemaPropsOr")) {
            SchemaNode any = new SchemaNode(Type.ANY);
            return KubeNames.of(c) != null && !name.startsWith(FABRIC8 + "AnyType") ? named(any, c) : any;
        }
        return null;
    }

    private static SchemaNode named(SchemaNode n, Class<?> c) {
        n.typeName(KubeNames.of(c));
        n.description(Descriptions.ofType(n.typeName()));
        return n;
    }

    private Schema model(JavaType t) {
        Class<?> c = t.getRawClass();
        SchemaNode existing = named.get(c);
        if (existing != null) {
            return existing;
        }
        SchemaNode node = named(new SchemaNode(Type.OBJECT), c);
        named.put(c, node); // registered before its fields so recursive types point at themselves
        String owner = node.typeName();
        BeanDescription bean = Json.MAPPER.getSerializationConfig().introspect(t);
        for (BeanPropertyDefinition p : bean.findProperties()) {
            if (!p.hasField() || !p.couldSerialize()) {
                continue; // helper getters (HasMetadata's defaults) are not part of the wire format
            }
            String name = p.getName();
            node.put(name, fieldView(forType(p.getPrimaryType(), owner, name), owner, name));
        }
        for (String r : FieldFacts.required(owner)) {
            if (node.properties().containsKey(r)) {
                node.require(r);
            }
        }
        return node;
    }

    private static void applyListFacts(SchemaNode n, String owner, String field) {
        FieldFacts.ListFacts f = owner == null ? null : FieldFacts.list(owner, field);
        if (f == null) {
            return;
        }
        if (f.listType() != null) {
            n.listType(f.listType());
            n.listMapKeys(f.keys());
        }
        n.mapType(f.mapType());
        n.patch(f.patchStrategy(), f.patchMergeKey());
    }

    /** A shared object schema as seen from one field: its own description and patch strategy. */
    private static Schema fieldView(Schema s, String owner, String field) {
        String description = Descriptions.ofField(owner, field);
        FieldFacts.ListFacts f = FieldFacts.list(owner, field);
        boolean objectFacts = f != null && s.type() == Type.OBJECT && f.patchStrategy() != null;
        if (!(s instanceof SchemaNode node) || (description == null && !objectFacts)) {
            return s;
        }
        SchemaNode view = node.copy();
        if (description != null) {
            view.description(description);
        }
        if (objectFacts) {
            view.patch(f.patchStrategy(), f.patchMergeKey());
        }
        return view;
    }
}
