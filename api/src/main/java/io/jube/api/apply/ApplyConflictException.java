package io.jube.api.apply;

import io.jube.api.patch.PatchException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A server-side apply that would change fields another manager owns (HTTP 409, reason
 * Conflict). The message is Kubernetes' own, e.g.
 * {@code Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas}.
 */
public class ApplyConflictException extends PatchException {
    /** One field owned by another manager; {@link #causeMessage()} and {@link #field()} form a Status cause. */
    public record Conflict(String manager, String operation, String apiVersion, String subresource, String field) {
        /** The manager as Kubernetes prints it: quoted name, subresource, and API version for Update. */
        public String describeManager() {
            String s = "\"" + manager + "\"";
            if (subresource != null && !subresource.isEmpty()) {
                s += " with subresource \"" + subresource + "\"";
            }
            if (ManagedFieldsEntry.UPDATE.equals(operation)) {
                s += " using " + apiVersion;
            }
            return s;
        }

        /** The Status cause message (type FieldManagerConflict). */
        public String causeMessage() {
            return "conflict with " + describeManager();
        }
    }

    private final List<Conflict> conflicts;

    public ApplyConflictException(List<Conflict> conflicts) {
        super(409, message(conflicts));
        this.conflicts = List.copyOf(conflicts);
    }

    public List<Conflict> conflicts() {
        return conflicts;
    }

    private static String message(List<Conflict> conflicts) {
        if (conflicts.size() == 1) {
            Conflict c = conflicts.get(0);
            return "Apply failed with 1 conflict: " + c.causeMessage() + ": " + c.field();
        }
        Map<String, List<String>> byManager = new LinkedHashMap<>();
        conflicts.stream()
                .sorted(java.util.Comparator.comparing(Conflict::describeManager))
                .forEach(c -> byManager.computeIfAbsent(c.describeManager(), k -> new ArrayList<>()).add(c.field()));
        List<String> lines = new ArrayList<>();
        byManager.forEach((manager, fields) -> {
            lines.add("conflicts with " + manager + ":");
            fields.forEach(f -> lines.add("- " + f));
        });
        return "Apply failed with " + conflicts.size() + " conflicts: " + String.join("\n", lines);
    }
}
