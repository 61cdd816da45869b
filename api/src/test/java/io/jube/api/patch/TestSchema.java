package io.jube.api.patch;

import io.jube.api.schema.Schema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A hand-built {@link Schema} for tests, and Pod/Deployment-like schemas made with it. */
public final class TestSchema implements Schema {
    private final Type type;
    private final Map<String, Schema> properties = new LinkedHashMap<>();
    private Schema items;
    private String listType;
    private List<String> listMapKeys = List.of();
    private String mapType;
    private String patchStrategy;
    private String patchMergeKey;

    private TestSchema(Type type) {
        this.type = type;
    }

    public static TestSchema object() {
        return new TestSchema(Type.OBJECT);
    }

    public static TestSchema string() {
        return new TestSchema(Type.STRING);
    }

    public static TestSchema integer() {
        return new TestSchema(Type.INTEGER);
    }

    public static TestSchema any() {
        return new TestSchema(Type.ANY);
    }

    /** A granular map of string to {@code values}. */
    public static TestSchema map(Schema values) {
        TestSchema s = new TestSchema(Type.MAP);
        s.items = values;
        return s;
    }

    /** A list with no list type or patch strategy: replaced by patches, atomic for apply. */
    public static TestSchema list(Schema items) {
        TestSchema s = new TestSchema(Type.LIST);
        s.items = items;
        return s;
    }

    /** A list merged on {@code keys} by apply and on the first key by strategic merge patch. */
    public static TestSchema listMap(Schema items, String... keys) {
        TestSchema s = list(items);
        s.listType = "map";
        s.listMapKeys = List.of(keys);
        s.patchStrategy = "merge";
        s.patchMergeKey = keys[0];
        return s;
    }

    /** A primitive list treated as a set by apply and merged as a set by strategic merge patch. */
    public static TestSchema set(Schema items) {
        TestSchema s = list(items);
        s.listType = "set";
        s.patchStrategy = "merge";
        return s;
    }

    public TestSchema field(String name, Schema schema) {
        properties.put(name, schema);
        return this;
    }

    public TestSchema atomic() {
        if (type == Type.LIST) {
            listType = "atomic";
        } else {
            mapType = "atomic";
        }
        return this;
    }

    public TestSchema strategy(String strategy) {
        patchStrategy = strategy;
        return this;
    }

    public TestSchema mergeKey(String key) {
        patchMergeKey = key;
        return this;
    }

    @Override public Type type() {
        return type;
    }

    @Override public Map<String, Schema> properties() {
        return properties;
    }

    @Override public Schema items() {
        return items;
    }

    @Override public String listType() {
        return listType;
    }

    @Override public List<String> listMapKeys() {
        return listMapKeys;
    }

    @Override public String mapType() {
        return mapType;
    }

    @Override public String patchStrategy() {
        return patchStrategy;
    }

    @Override public String patchMergeKey() {
        return patchMergeKey;
    }

    public static TestSchema objectMeta() {
        return object()
                .field("name", string()).field("namespace", string()).field("uid", string())
                .field("resourceVersion", string()).field("generation", integer())
                .field("creationTimestamp", string())
                .field("labels", map(string())).field("annotations", map(string()))
                .field("finalizers", set(string()))
                .field("ownerReferences", listMap(object().field("uid", string()).field("kind", string())
                        .field("name", string()), "uid"))
                .field("managedFields", list(any()).atomic());
    }

    public static TestSchema container() {
        TestSchema port = object().field("containerPort", integer()).field("protocol", string()).field("name", string());
        TestSchema env = object().field("name", string()).field("value", string())
                .field("valueFrom", object().field("fieldRef", object().field("fieldPath", string())));
        return object()
                .field("name", string()).field("image", string())
                .field("command", list(string()).atomic()).field("args", list(string()).atomic())
                .field("ports", listMap(port, "containerPort", "protocol"))
                .field("env", listMap(env, "name"))
                .field("resources", object().field("limits", map(string())).field("requests", map(string())))
                .field("volumeMounts", listMap(object().field("name", string()).field("mountPath", string()), "mountPath"));
    }

    public static TestSchema podSpec() {
        TestSchema volume = object().field("name", string())
                .field("emptyDir", object().field("medium", string()))
                .field("hostPath", object().field("path", string()))
                .field("configMap", object().field("name", string()));
        TestSchema volumes = listMap(volume, "name").strategy("merge,retainKeys");
        TestSchema toleration = object().field("key", string()).field("operator", string()).field("effect", string());
        return object()
                .field("containers", listMap(container(), "name"))
                .field("initContainers", listMap(container(), "name"))
                .field("volumes", volumes)
                .field("tolerations", list(toleration).atomic())
                .field("nodeSelector", map(string()).atomic())
                .field("nodeName", string())
                .field("restartPolicy", string());
    }

    public static TestSchema pod() {
        TestSchema condition = object().field("type", string()).field("status", string()).field("reason", string());
        return object()
                .field("apiVersion", string()).field("kind", string())
                .field("metadata", objectMeta())
                .field("spec", podSpec())
                .field("status", object().field("phase", string())
                        .field("conditions", listMap(condition, "type")));
    }

    public static TestSchema deployment() {
        TestSchema selector = object().field("matchLabels", map(string())).atomic();
        TestSchema strategy = object().field("type", string())
                .field("rollingUpdate", object().field("maxSurge", string()).field("maxUnavailable", string()))
                .strategy("retainKeys");
        TestSchema condition = object().field("type", string()).field("status", string());
        return object()
                .field("apiVersion", string()).field("kind", string())
                .field("metadata", objectMeta())
                .field("spec", object()
                        .field("replicas", integer())
                        .field("selector", selector)
                        .field("strategy", strategy)
                        .field("template", object().field("metadata", objectMeta()).field("spec", podSpec())))
                .field("status", object().field("replicas", integer())
                        .field("conditions", listMap(condition, "type")));
    }
}
