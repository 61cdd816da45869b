package io.jube.api.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one {@link Schema} implementation. Nodes are filled in while a registry builds them (so
 * recursive types can point at themselves) and are not changed once published.
 */
final class SchemaNode implements Schema {
    private final Type type;
    private final Map<String, Schema> properties;
    private Schema items;
    private final List<String> required = new ArrayList<>();
    private String listType;
    private List<String> listMapKeys = List.of();
    private String mapType;
    private String patchStrategy;
    private String patchMergeKey;
    private Boolean preserveUnknownFields;
    private boolean embeddedResource;
    private String description;
    private String format;
    private String typeName;
    private SchemaNode origin;

    SchemaNode(Type type) {
        this(type, new LinkedHashMap<>());
    }

    private SchemaNode(Type type, Map<String, Schema> properties) {
        this.type = type;
        this.properties = properties;
    }

    static SchemaNode of(Type type, String format) {
        SchemaNode n = new SchemaNode(type);
        n.format = format;
        return n;
    }

    /** A copy for one field: shares the (possibly still filling) property map, own field-level facts. */
    SchemaNode copy() {
        SchemaNode n = new SchemaNode(type, properties);
        n.items = items;
        n.required.addAll(required);
        n.listType = listType;
        n.listMapKeys = listMapKeys;
        n.mapType = mapType;
        n.patchStrategy = patchStrategy;
        n.patchMergeKey = patchMergeKey;
        n.preserveUnknownFields = preserveUnknownFields;
        n.embeddedResource = embeddedResource;
        n.description = description;
        n.format = format;
        n.typeName = typeName;
        n.origin = origin != null ? origin : this;
        return n;
    }

    void put(String name, Schema s) {
        properties.put(name, s);
    }

    SchemaNode items(Schema s) {
        items = s;
        return this;
    }

    void require(String name) {
        if (!required.contains(name)) {
            required.add(name);
        }
    }

    void listType(String t) {
        listType = t;
    }

    void listMapKeys(List<String> keys) {
        listMapKeys = List.copyOf(keys);
    }

    void mapType(String t) {
        mapType = t;
    }

    void patch(String strategy, String mergeKey) {
        patchStrategy = strategy;
        patchMergeKey = mergeKey;
    }

    void preserveUnknownFields(boolean b) {
        preserveUnknownFields = b;
    }

    void embeddedResource(boolean b) {
        embeddedResource = b;
    }

    void description(String d) {
        description = d;
    }

    void format(String f) {
        format = f;
    }

    void typeName(String n) {
        typeName = n;
    }

    @Override
    public Type type() {
        return type;
    }

    @Override
    public Map<String, Schema> properties() {
        return Collections.unmodifiableMap(properties);
    }

    @Override
    public Schema items() {
        return items;
    }

    @Override
    public List<String> required() {
        return Collections.unmodifiableList(required);
    }

    @Override
    public String listType() {
        return listType;
    }

    @Override
    public List<String> listMapKeys() {
        return listMapKeys;
    }

    @Override
    public String mapType() {
        return mapType;
    }

    @Override
    public String patchStrategy() {
        return patchStrategy;
    }

    @Override
    public String patchMergeKey() {
        return patchMergeKey;
    }

    @Override
    public boolean preserveUnknownFields() {
        return preserveUnknownFields != null ? preserveUnknownFields : type == Type.ANY;
    }

    @Override
    public boolean embeddedResource() {
        return embeddedResource;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public String typeName() {
        return typeName;
    }

    @Override
    public Schema definition() {
        return origin != null ? origin : this;
    }

    @Override
    public String toString() {
        return typeName != null ? typeName : type + (items != null ? "<" + items + ">" : "");
    }
}
