package io.jube.bench;

import io.vertx.core.buffer.Buffer;

/** Paths and bodies of the core/v1 objects the bench writes. */
final class ConfigMaps {
    /** About the size of a small real configmap (a few hundred bytes on the wire). */
    private static final String VALUE = "x".repeat(128);

    private ConfigMaps() {
    }

    static String collection(String namespace) {
        return "/api/v1/namespaces/" + namespace + "/configmaps";
    }

    static String item(String namespace, String name) {
        return collection(namespace) + "/" + name;
    }

    /** A ConfigMap; {@code resourceVersion} null for a create, the last seen one for an update. */
    static Buffer body(String namespace, String name, String resourceVersion, int generation) {
        return Buffer.buffer(text(namespace, name, resourceVersion, Integer.toString(generation)));
    }

    /** The JSON text of {@link #body}; {@link Wire} passes placeholders for the parts it fills in per request. */
    static String text(String namespace, String name, String resourceVersion, String generation) {
        StringBuilder b = new StringBuilder(320)
                .append("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"").append(name)
                .append("\",\"namespace\":\"").append(namespace).append('"');
        if (resourceVersion != null) {
            b.append(",\"resourceVersion\":\"").append(resourceVersion).append('"');
        }
        return b.append(",\"labels\":{\"app\":\"bench\"}},\"data\":{\"generation\":\"").append(generation)
                .append("\",\"payload\":\"").append(VALUE).append("\"}}").toString();
    }

    static Buffer namespace(String name) {
        return Buffer.buffer("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}");
    }
}
