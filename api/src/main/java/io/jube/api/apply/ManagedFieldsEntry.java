package io.jube.api.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.patch.PatchException;

/**
 * One {@code metadata.managedFields} entry: a manager's operation and the fields it owns.
 *
 * @param time RFC 3339 seconds ({@code 2024-05-01T10:00:00Z}); may be null
 */
public record ManagedFieldsEntry(String manager, String operation, String apiVersion, String subresource,
        String time, FieldSet fields) {
    public static final String APPLY = "Apply";
    public static final String UPDATE = "Update";

    public ManagedFieldsEntry {
        subresource = subresource == null ? "" : subresource;
        fields = fields == null ? FieldSet.EMPTY : fields;
    }

    /**
     * Whether two entries belong to the same manager identity: Update entries are told apart by
     * API version too, Apply entries are not (a later apply at another version replaces them).
     */
    public boolean sameManager(ManagedFieldsEntry o) {
        return manager.equals(o.manager) && operation.equals(o.operation) && subresource.equals(o.subresource)
                && (APPLY.equals(operation) || java.util.Objects.equals(apiVersion, o.apiVersion));
    }

    public ManagedFieldsEntry withFields(FieldSet f) {
        return new ManagedFieldsEntry(manager, operation, apiVersion, subresource, time, f);
    }

    public ManagedFieldsEntry withTime(String t) {
        return new ManagedFieldsEntry(manager, operation, apiVersion, subresource, t, fields);
    }

    /** The JSON form, in the field order the Kubernetes API server writes. */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("manager", manager);
        o.put("operation", operation);
        if (apiVersion != null) {
            o.put("apiVersion", apiVersion);
        }
        if (time != null) {
            o.put("time", time);
        }
        o.put("fieldsType", "FieldsV1");
        o.set("fieldsV1", fields.toFieldsV1());
        if (!subresource.isEmpty()) {
            o.put("subresource", subresource);
        }
        return o;
    }

    /** Parses one entry; a malformed entry is a 400. */
    public static ManagedFieldsEntry fromJson(JsonNode o) {
        if (o == null || !o.isObject()) {
            throw PatchException.badRequest("invalid managedFields entry: " + o);
        }
        String manager = Json.text(o, "manager");
        String operation = Json.text(o, "operation");
        if (operation == null || !(operation.equals(APPLY) || operation.equals(UPDATE))) {
            throw PatchException.badRequest("invalid managedFields entry: operation must be Apply or Update, got "
                    + o.get("operation"));
        }
        String type = Json.text(o, "fieldsType");
        if (type != null && !type.equals("FieldsV1")) {
            throw PatchException.badRequest("invalid managedFields entry: fieldsType must be FieldsV1, got " + type);
        }
        JsonNode fields = o.get("fieldsV1");
        return new ManagedFieldsEntry(manager == null ? "" : manager, operation, Json.text(o, "apiVersion"),
                Json.text(o, "subresource"), Json.text(o, "time"),
                fields == null ? FieldSet.EMPTY : FieldSet.fromFieldsV1(fields));
    }
}
