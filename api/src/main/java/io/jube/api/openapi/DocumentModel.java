package io.jube.api.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.jube.api.Json;
import io.jube.api.catalogue.ResourceDef;
import io.jube.api.schema.SchemaRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The content shared by the OpenAPI v2 and v3 documents for a set of resources: the definitions
 * (with {@code x-kubernetes-group-version-kind} on every kind) and the paths.
 */
final class DocumentModel {
    static final String KUBERNETES_VERSION = "v1.32.0";

    final SchemaJson schemas;
    final List<Routes.Path> paths = new ArrayList<>();
    private final Map<String, Set<Routes.Gvk>> gvks = new LinkedHashMap<>();

    DocumentModel(SchemaJson.Dialect dialect, Collection<ResourceDef> defs) {
        schemas = new SchemaJson(dialect);
        Set<String> groupVersions = new LinkedHashSet<>();
        boolean scale = false;
        for (ResourceDef def : defs) {
            String objectType = schemas.define(SchemaRegistry.forResource(def));
            gvk(objectType, def.group(), def.version(), def.kind());
            String listType = defineList(def, objectType);
            paths.addAll(Routes.of(def, objectType, listType));
            groupVersions.add(def.group() + "/" + def.version());
            scale |= def.hasScale();
        }
        paths.sort(Comparator.comparing(Routes.Path::path));
        String status = schemas.define(SchemaRegistry.forClass(Status.class));
        gvk(status, "", "v1", "Status");
        String deleteOptions = schemas.define(SchemaRegistry.forClass(DeleteOptions.class));
        String watchEvent = schemas.define(SchemaRegistry.forClass(WatchEvent.class));
        for (String gv : groupVersions) {
            String[] parts = gv.split("/", 2);
            gvk(deleteOptions, parts[0], parts[1], "DeleteOptions");
            gvk(watchEvent, parts[0], parts[1], "WatchEvent");
        }
        if (scale) {
            gvk(schemas.define(SchemaRegistry.forClass(Scale.class)), "autoscaling", "v1", "Scale");
        }
        schemas.definitions().put(Routes.PATCH_TYPE, Json.object()
                .put("description", "Patch is provided to give a concrete name and type to the Kubernetes PATCH "
                        + "request body.")
                .put("type", "object"));
        gvks.forEach((name, list) -> {
            ArrayNode arr = schemas.definitions().get(name).putArray("x-kubernetes-group-version-kind");
            list.forEach(g -> arr.addObject().put("group", g.group()).put("kind", g.kind())
                    .put("version", g.version()));
        });
    }

    /** The definitions, sorted by name. */
    Map<String, ObjectNode> definitions() {
        return schemas.definitions();
    }

    private void gvk(String definition, String group, String version, String kind) {
        gvks.computeIfAbsent(definition, k -> new LinkedHashSet<>()).add(new Routes.Gvk(group, version, kind));
    }

    /** {@code <Kind>List}: apiVersion, kind, ListMeta metadata and the items, as Kubernetes defines lists. */
    private String defineList(ResourceDef def, String objectType) {
        String name = objectType + "List";
        if (schemas.definitions().containsKey(name)) {
            return name;
        }
        String listMeta = schemas.define(SchemaRegistry.forClass(ListMeta.class));
        ObjectNode list = Json.object();
        list.put("description", def.kind() + "List is a list of " + def.kind() + " objects.");
        list.put("type", "object");
        ObjectNode props = list.putObject("properties");
        props.set("apiVersion", Json.object().put("type", "string").put("description",
                "APIVersion defines the versioned schema of this representation of an object."));
        ObjectNode items = props.putObject("items");
        items.put("description", "List of " + def.plural() + ".");
        items.put("type", "array");
        items.set("items", schemas.ref(objectType));
        props.set("kind", Json.object().put("type", "string").put("description",
                "Kind is a string value representing the REST resource this object represents."));
        props.set("metadata", schemas.ref(listMeta));
        list.putArray("required").add("items");
        schemas.definitions().put(name, list);
        gvk(name, def.group(), def.version(), def.kind() + "List");
        return name;
    }
}
