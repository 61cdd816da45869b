package io.jube.api.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.patch.JsonValues;
import io.jube.api.patch.PatchException;
import io.jube.api.schema.Schema;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Reads, writes and updates {@code metadata.managedFields} for non-apply writes. */
public final class ManagedFields {
    /** The API server's entry order: Apply before Update, then by time, manager, apiVersion, subresource. */
    private static final Comparator<ManagedFieldsEntry> ORDER = Comparator.comparing(ManagedFieldsEntry::operation)
            .thenComparing((ManagedFieldsEntry e) -> e.time() == null ? "" : e.time())
            .thenComparing(ManagedFieldsEntry::manager)
            .thenComparing(e -> e.apiVersion() == null ? "" : e.apiVersion())
            .thenComparing(ManagedFieldsEntry::subresource);
    private static volatile Stamp lastStamp;

    private ManagedFields() {
    }

    /**
     * Records a create/update/non-apply patch by {@code manager} in {@code newObj}'s
     * managedFields (operation "Update"): the manager gains every field it added or changed,
     * other managers lose the fields whose values changed or that were removed, and entries left
     * with no fields are dropped. A client that writes {@code managedFields: [{}]} strips them.
     *
     * @param oldObj      the stored object, or null on create
     * @param subresource "" for the main resource, else "status", "scale", ...
     */
    public static void recordUpdate(ObjectNode oldObj, ObjectNode newObj, String manager, String apiVersion,
            String subresource, Schema schema, Instant now) {
        JsonNode given = Json.at(newObj, "metadata", "managedFields");
        if (given != null && given.isArray() && given.size() == 1 && given.get(0).isObject() && given.get(0).isEmpty()) {
            ((ObjectNode) newObj.get("metadata")).remove("managedFields");
            return;
        }
        JsonNode stored = oldObj == null ? null : Json.at(oldObj, "metadata", "managedFields");
        List<ManagedFieldsEntry> entries = given != null && !given.isEmpty() && !JsonValues.equal(given, stored)
                ? read(newObj) // the client set managedFields itself: start from what it wrote
                : readLenient(oldObj);
        Fields.Comparison change = Fields.compare(oldObj, newObj, schema);
        ManagedFieldsEntry me = new ManagedFieldsEntry(manager, ManagedFieldsEntry.UPDATE, apiVersion, subresource,
                null, FieldSet.EMPTY);
        FieldSet changed = change.added().union(change.modified());
        List<ManagedFieldsEntry> out = new ArrayList<>();
        ManagedFieldsEntry previous = null;
        for (ManagedFieldsEntry e : entries) {
            if (e.sameManager(me)) {
                previous = e;
            } else {
                FieldSet kept = e.fields().minus(changed).minus(change.removed());
                out.add(kept == e.fields() ? e : e.withFields(kept));
            }
        }
        FieldSet mine = (previous == null ? FieldSet.EMPTY : previous.fields()).union(changed).minus(change.removed());
        String time = previous != null && change.isSame() && previous.time() != null ? previous.time() : timestamp(now);
        out.add(me.withFields(mine).withTime(time));
        write(newObj, out);
    }

    /** The entries of an object's managedFields; malformed ones are a 400. */
    public static List<ManagedFieldsEntry> read(JsonNode obj) {
        JsonNode list = obj == null ? null : Json.at(obj, "metadata", "managedFields");
        List<ManagedFieldsEntry> out = new ArrayList<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw PatchException.badRequest("metadata.managedFields must be a list, got " + list);
        }
        list.forEach(e -> out.add(ManagedFieldsEntry.fromJson(e)));
        return out;
    }

    /** Stored managedFields that cannot be read are reset rather than failing every later write. */
    static List<ManagedFieldsEntry> readLenient(JsonNode obj) {
        try {
            return read(obj);
        } catch (PatchException e) {
            return new ArrayList<>();
        }
    }

    /**
     * Writes the entries with fields, in the API server's order (Apply before Update, then by
     * time, manager, apiVersion, subresource); removes managedFields when none are left.
     */
    public static void write(ObjectNode obj, List<ManagedFieldsEntry> entries) {
        List<ManagedFieldsEntry> kept = new ArrayList<>(entries.size());
        for (ManagedFieldsEntry e : entries) {
            if (!e.fields().isEmpty()) {
                kept.add(e);
            }
        }
        if (kept.size() > 1) {
            kept.sort(ORDER);
        }
        ObjectNode meta = Json.with(obj, "metadata");
        if (kept.isEmpty()) {
            meta.remove("managedFields");
            return;
        }
        ArrayNode list = meta.putArray("managedFields");
        kept.forEach(e -> list.add(e.toJson()));
    }

    /** Writes come in bursts within one second, so the last second's text is kept. */
    static String timestamp(Instant now) {
        Stamp last = lastStamp;
        long second = now.getEpochSecond();
        if (last != null && last.second == second) {
            return last.text;
        }
        String text = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
        lastStamp = new Stamp(second, text);
        return text;
    }

    private record Stamp(long second, String text) {
    }
}
