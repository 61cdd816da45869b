package io.jube.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.catalogue.ResourceDef;
import io.jube.api.schema.Schema.Type;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The schemas of every served kind. Built-in kinds get theirs by reflection over their fabric8
 * model class (cached per class) plus the Kubernetes list/map/patch markers; custom resources get
 * the one their CustomResourceDefinition declares, registered with {@link #registerCustom}.
 *
 * <p>Type mapping: String/enums → STRING (timestamps get format date-time), Integer → INTEGER
 * int32, Long → INTEGER int64, Boolean, Double → NUMBER, IntOrString → INT_OR_STRING
 * (format int-or-string), Quantity → INT_OR_STRING with format "quantity" (any JSON number is a
 * valid quantity too), Map → MAP, List → LIST, Object/JsonNode/RawExtension/FieldsV1 → ANY,
 * other model classes → OBJECT shared per class and named as Kubernetes names them.
 */
public final class SchemaRegistry {
    private static final ModelIntrospector MODELS = new ModelIntrospector();
    private static final Map<String, Schema> CUSTOM = new ConcurrentHashMap<>();
    /** Finished schemas by class: every write looks its kind's up, and the introspector is single-threaded. */
    private static final Map<Class<?>, Schema> BY_CLASS = new ConcurrentHashMap<>();

    private SchemaRegistry() {
    }

    /** The schema of a fabric8 model class (or a plain Java value type). */
    public static Schema forClass(Class<?> c) {
        Schema s = BY_CLASS.get(c);
        if (s == null) {
            synchronized (MODELS) {
                s = MODELS.forClass(c);
            }
            BY_CLASS.putIfAbsent(c, s);
        }
        return s;
    }

    /**
     * The schema of a served resource: from its model class, else from its registered CRD schema
     * (with apiVersion, kind and ObjectMeta metadata as Kubernetes publishes them), else an object
     * that keeps every field.
     */
    public static Schema forResource(ResourceDef def) {
        if (def.modelClass() != null) {
            return forClass(def.modelClass());
        }
        Schema s = CUSTOM.get(key(def.group(), def.version(), def.kind()));
        return s != null ? s : customRoot(def.group(), def.version(), def.kind(), null);
    }

    /**
     * Parses a CRD version's {@code openAPIV3Schema}: type, properties, items,
     * additionalProperties, required, description, format and the x-kubernetes-* extensions.
     *
     * @throws IllegalArgumentException when the schema is not a structural schema we can read
     */
    public static Schema fromOpenApiV3(JsonNode openAPIV3Schema) {
        return StructuralSchemas.parse(openAPIV3Schema);
    }

    /** Declares the schema of a custom resource version (called when its CRD is created or changed). */
    public static void registerCustom(String group, String version, String kind, Schema schema) {
        CUSTOM.put(key(group, version, kind), customRoot(group, version, kind, schema));
    }

    /** Forgets every version of a custom kind (its CRD was deleted). */
    public static void unregisterCustom(String group, String kind) {
        CUSTOM.keySet().removeIf(k -> k.startsWith(group + "/") && k.endsWith("/" + kind));
    }

    private static String key(String group, String version, String kind) {
        return group + "/" + version + "/" + kind;
    }

    /** A custom resource's root: the CRD's fields with the standard apiVersion, kind and metadata. */
    private static Schema customRoot(String group, String version, String kind, Schema declared) {
        SchemaNode root = new SchemaNode(Type.OBJECT);
        root.typeName(KubeNames.ofCustom(group, version, kind));
        root.put("apiVersion", describedString("apiVersion"));
        root.put("kind", describedString("kind"));
        SchemaNode meta = ((SchemaNode) forClass(io.fabric8.kubernetes.api.model.ObjectMeta.class)).copy();
        meta.description(Descriptions.ofField(null, "metadata"));
        root.put("metadata", meta);
        if (declared == null) {
            root.preserveUnknownFields(true);
            return root;
        }
        declared.properties().forEach((name, s) -> {
            if (!root.properties().containsKey(name)) {
                root.put(name, s);
            }
        });
        declared.required().forEach(root::require);
        root.description(declared.description());
        if (declared.preserveUnknownFields()) {
            root.preserveUnknownFields(true);
        }
        return root;
    }

    private static Schema describedString(String field) {
        SchemaNode s = new SchemaNode(Type.STRING);
        s.description(Descriptions.ofField(null, field));
        return s;
    }
}
