package io.jube.api.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.patch.PatchException;
import io.jube.api.schema.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Server-side apply ({@code application/apply-patch+yaml}): merges a manager's fully specified
 * intent into the live object and records what it owns in managedFields (operation "Apply").
 */
public final class ServerSideApply {
    /** Owns the fields of an object that had no managedFields when it was first applied to. */
    public static final String BEFORE_FIRST_APPLY = "before-first-apply";

    private ServerSideApply() {
    }

    /**
     * Applies {@code applied} for {@code manager} and returns the new object (inputs are not
     * changed). Fields set in {@code applied} become the manager's; fields it owned before but
     * omits now are removed unless another manager owns them. Changing a field another manager
     * owns throws {@link ApplyConflictException}, unless {@code force} takes the field over.
     *
     * @param live the stored object, or null when the apply creates it
     */
    public static ObjectNode apply(ObjectNode live, ObjectNode applied, String manager, boolean force,
            String apiVersion, Schema schema, Instant now) {
        if (applied == null) {
            throw PatchException.badRequest("an apply patch must be a JSON or YAML object");
        }
        if (manager == null || manager.isEmpty()) {
            throw PatchException.badRequest("PATCH requests with apply must set fieldManager");
        }
        JsonNode givenFields = Json.at(applied, "metadata", "managedFields");
        if (givenFields != null && !givenFields.isNull() && !givenFields.isEmpty()) {
            throw PatchException.badRequest("metadata.managedFields must be nil");
        }
        applied = (ObjectNode) ApplyMerge.completeKeys(live, applied, schema, new ArrayList<>());
        String time = ManagedFields.timestamp(now);
        List<ManagedFieldsEntry> entries = live == null ? new ArrayList<>() : ManagedFields.readLenient(live);
        if (live != null && entries.isEmpty()) {
            // Whatever the object already holds stays owned, so a first apply conflicts rather than erases.
            entries.add(new ManagedFieldsEntry(BEFORE_FIRST_APPLY, ManagedFieldsEntry.UPDATE, apiVersion, "", time,
                    Fields.of(live, schema)));
        }
        ManagedFieldsEntry me = new ManagedFieldsEntry(manager, ManagedFieldsEntry.APPLY, apiVersion, "", time,
                Fields.of(applied, schema));
        FieldSet lastSet = FieldSet.EMPTY;
        String lastTime = null;
        List<ManagedFieldsEntry> others = new ArrayList<>();
        for (ManagedFieldsEntry e : entries) {
            if (e.sameManager(me)) {
                lastSet = e.fields();
                lastTime = e.time();
            } else {
                others.add(e);
            }
        }

        ObjectNode merged = (ObjectNode) ApplyMerge.merge(live, applied, schema, new ArrayList<>());
        prune(merged, schema, lastSet, me.fields(), others);

        Fields.Comparison change = Fields.compare(live, merged, schema);
        FieldSet changed = change.added().union(change.modified());
        List<ApplyConflictException.Conflict> conflicts = new ArrayList<>();
        List<ManagedFieldsEntry> out = new ArrayList<>();
        for (ManagedFieldsEntry e : others) {
            FieldSet taken = e.fields().intersect(changed);
            taken.paths().forEach(p -> conflicts.add(new ApplyConflictException.Conflict(e.manager(), e.operation(),
                    e.apiVersion(), e.subresource(), FieldSet.describe(p))));
            out.add(e.withFields(e.fields().minus(taken).minus(change.removed())));
        }
        if (!conflicts.isEmpty() && !force) {
            conflicts.sort(Comparator.comparing(ApplyConflictException.Conflict::describeManager)
                    .thenComparing(ApplyConflictException.Conflict::field));
            throw new ApplyConflictException(conflicts);
        }
        boolean unchanged = change.isSame() && lastSet.equals(me.fields()) && lastTime != null;
        out.add(me.withTime(unchanged ? lastTime : time));
        ManagedFields.write(merged, out);
        return merged;
    }

    /**
     * Removes what the manager owned last time but no longer applies, unless someone still owns
     * it or something beneath it.
     */
    private static void prune(ObjectNode merged, Schema schema, FieldSet lastSet, FieldSet applied,
            List<ManagedFieldsEntry> others) {
        FieldSet owned = applied;
        for (ManagedFieldsEntry e : others) {
            owned = owned.union(e.fields());
        }
        for (List<String> path : lastSet.minus(owned).paths()) {
            if (!owned.hasDescendant(path)) {
                ApplyMerge.remove(merged, schema, path);
            }
        }
    }
}
