package io.jube.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.catalogue.ResourceDef;
import io.jube.apiserver.registry.Admission;
import io.jube.apiserver.registry.Registry;
import io.jube.apiserver.registry.RequestContext;

/** DefaultStorageClass: a claim that names no class gets the default StorageClass, if one is marked. */
public final class DefaultStorageClass implements Admission {
    static final String DEFAULT_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

    private final Registry registry;

    public DefaultStorageClass(Registry registry) {
        this.registry = registry;
    }

    @Override
    public void admit(Operation op, ResourceDef def, ObjectNode obj, ObjectNode old, RequestContext ctx) {
        if (op != Operation.CREATE || !def.group().isEmpty() || !def.kind().equals("PersistentVolumeClaim")) {
            return;
        }
        ObjectNode spec = Json.with(obj, "spec");
        if (spec.has("storageClassName") && !spec.get("storageClassName").isNull()) {
            return;
        }
        ResourceDef classes = registry.catalogue().find("storage.k8s.io", "v1", "storageclasses").orElseThrow();
        registry.list(classes, null, c -> "true".equals(Json.text(c, "metadata", "annotations", DEFAULT_ANNOTATION)),
                        0, null, 0).items().stream()
                .max((a, b) -> Json.text(a, "metadata", "creationTimestamp")
                        .compareTo(Json.text(b, "metadata", "creationTimestamp")))
                .ifPresent(c -> spec.put("storageClassName", Json.text(c, "metadata", "name")));
    }
}
