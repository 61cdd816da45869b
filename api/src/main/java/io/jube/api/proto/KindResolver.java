package io.jube.api.proto;

import io.jube.api.proto.FieldTable.Field;
import io.jube.api.proto.FieldTable.Message;
import java.util.Map;
import java.util.Set;

/** Maps an apiVersion and kind to the protobuf message that carries that kind. */
final class KindResolver {
    /** API group to the package segment of its protos (k8s.io.api.SEGMENT.VERSION). */
    private static final Map<String, String> GROUPS = Map.ofEntries(
            Map.entry("", "core"),
            Map.entry("apps", "apps"),
            Map.entry("batch", "batch"),
            Map.entry("rbac.authorization.k8s.io", "rbac"),
            Map.entry("policy", "policy"),
            Map.entry("networking.k8s.io", "networking"),
            Map.entry("scheduling.k8s.io", "scheduling"),
            Map.entry("autoscaling", "autoscaling"),
            Map.entry("coordination.k8s.io", "coordination"),
            Map.entry("discovery.k8s.io", "discovery"),
            Map.entry("storage.k8s.io", "storage"),
            Map.entry("events.k8s.io", "events"));
    /** meta/v1 kinds, which every group version also serves. */
    private static final Set<String> META_KINDS = Set.of("Status", "DeleteOptions", "WatchEvent",
            "APIResourceList", "APIGroupList", "APIGroup", "APIVersions", "ListOptions", "GetOptions",
            "CreateOptions", "PatchOptions", "UpdateOptions", "PartialObjectMetadata", "PartialObjectMetadataList");

    private final FieldTable table;

    KindResolver(FieldTable table) {
        this.table = table;
    }

    /** The message for this kind, or null when the group/version/kind is not covered. */
    Message message(String apiVersion, String kind) {
        if (apiVersion == null || kind == null || kind.isEmpty()) {
            return null;
        }
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = apiVersion.substring(slash + 1);
        if (version.isEmpty() || version.contains(".") || kind.contains(".")) {
            return null;
        }
        if (META_KINDS.contains(kind)) {
            return table.message(FieldTable.META + kind);
        }
        String segment = GROUPS.get(group);
        if (segment == null) {
            return null;
        }
        Message m = table.message("k8s.io.api." + segment + "." + version + "." + kind);
        return m != null && isKind(m) ? m : null;
    }

    /** Top-level kinds carry ObjectMeta or ListMeta first; nested types (PodSpec) do not. */
    private static boolean isKind(Message m) {
        Field first = m.field(1);
        return first != null && first.json().equals("metadata") && first.message() != null
                && (first.message().equals(FieldTable.META + "ObjectMeta") || first.message().equals(FieldTable.META + "ListMeta"));
    }
}
