package io.jube.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import java.util.Iterator;
import java.util.Map;

/**
 * RFC 7386 JSON Merge Patch ({@code application/merge-patch+json}): objects merge member by
 * member, {@code null} deletes a member, anything else (lists included) replaces.
 */
public final class MergePatch {
    private MergePatch() {
    }

    /**
     * Applies {@code patch} to a copy of {@code target}. Kubernetes only accepts an object as a
     * merge patch document, so any other top-level value is a 400.
     */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw PatchException.badRequest("a merge patch must be a JSON object");
        }
        return merge(target, patch);
    }

    /** The RFC 7386 MergePatch function, on any values; never mutates its arguments. */
    static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : Json.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                result.set(e.getKey(), merge(result.get(e.getKey()), e.getValue()));
            }
        }
        return result;
    }
}
