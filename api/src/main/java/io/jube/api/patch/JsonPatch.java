package io.jube.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * RFC 6902 JSON Patch ({@code application/json-patch+json}). A malformed patch document is a
 * 400; an operation that cannot apply (missing path, failed {@code test}) is a 422, as the
 * Kubernetes API server answers.
 */
public final class JsonPatch {
    private JsonPatch() {
    }

    /** Applies {@code patch} (an array of operations) to a copy of {@code target}. */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (patch == null || !patch.isArray()) {
            throw PatchException.badRequest("a JSON patch must be an array of operations");
        }
        JsonNode doc = target == null ? null : target.deepCopy();
        for (int i = 0; i < patch.size(); i++) {
            doc = applyOne(doc, patch.get(i), i);
        }
        return doc;
    }

    private static JsonNode applyOne(JsonNode doc, JsonNode op, int index) {
        if (!op.isObject()) {
            throw PatchException.badRequest("JSON patch operation " + index + " is not an object");
        }
        String name = stringMember(op, "op", index);
        List<String> path = JsonPointer.parse(stringMember(op, "path", index));
        switch (name) {
            case "add":
                return add(doc, path, value(op, index));
            case "remove":
                remove(doc, path, "remove");
                return path.isEmpty() ? null : doc;
            case "replace":
                get(doc, path, "replace");
                return path.isEmpty() ? value(op, index) : set(doc, path, value(op, index));
            case "move": {
                String fromText = stringMember(op, "from", index);
                List<String> from = JsonPointer.parse(fromText);
                if (from.size() < path.size() && path.subList(0, from.size()).equals(from)) {
                    throw PatchException.unprocessable("cannot move \"" + fromText + "\" into its own child \""
                            + op.get("path").asText() + "\"");
                }
                JsonNode moved = get(doc, from, "move from");
                if (from.equals(path)) {
                    return doc;
                }
                remove(doc, from, "move from");
                return add(from.isEmpty() ? null : doc, path, moved);
            }
            case "copy": {
                List<String> from = JsonPointer.parse(stringMember(op, "from", index));
                return add(doc, path, get(doc, from, "copy from").deepCopy());
            }
            case "test": {
                JsonNode actual = get(doc, path, "test");
                if (!JsonValues.equal(actual, value(op, index))) {
                    throw PatchException.unprocessable("testing value " + op.get("path").asText() + " failed: "
                            + actual + " is not " + op.get("value"));
                }
                return doc;
            }
            default:
                throw PatchException.badRequest("unknown JSON patch operation \"" + name + "\" at index " + index);
        }
    }

    private static String stringMember(JsonNode op, String field, int index) {
        JsonNode v = op.get(field);
        if (v == null || !v.isTextual()) {
            throw PatchException.badRequest("JSON patch operation " + index + " is missing string field \"" + field + "\"");
        }
        return v.asText();
    }

    private static JsonNode value(JsonNode op, int index) {
        JsonNode v = op.get("value");
        if (v == null) {
            throw PatchException.badRequest("JSON patch operation " + index + " (" + op.get("op").asText()
                    + ") is missing field \"value\"");
        }
        return v.deepCopy();
    }

    private static JsonNode add(JsonNode doc, List<String> path, JsonNode value) {
        if (path.isEmpty()) {
            return value;
        }
        JsonNode parent = get(doc, path.subList(0, path.size() - 1), "add to");
        String last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode o) {
            o.set(last, value);
        } else if (parent instanceof ArrayNode a) {
            int i = "-".equals(last) ? a.size() : index(last, a.size(), path);
            a.insert(i, value);
        } else {
            throw missing(path, "add to");
        }
        return doc;
    }

    private static JsonNode set(JsonNode doc, List<String> path, JsonNode value) {
        JsonNode parent = get(doc, path.subList(0, path.size() - 1), "replace");
        String last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode o) {
            o.set(last, value);
        } else {
            ((ArrayNode) parent).set(index(last, parent.size() - 1, path), value);
        }
        return doc;
    }

    private static void remove(JsonNode doc, List<String> path, String op) {
        get(doc, path, op);
        if (path.isEmpty()) {
            return;
        }
        JsonNode parent = get(doc, path.subList(0, path.size() - 1), op);
        String last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode o) {
            o.remove(last);
        } else {
            ((ArrayNode) parent).remove(index(last, parent.size() - 1, path));
        }
    }

    /** The node at {@code path}; a 422 naming the path when any step is missing. */
    private static JsonNode get(JsonNode doc, List<String> path, String op) {
        if (doc == null) {
            throw missing(path, op);
        }
        JsonNode n = doc;
        for (int i = 0; i < path.size(); i++) {
            String token = path.get(i);
            if (n.isObject()) {
                n = n.get(token);
            } else if (n.isArray()) {
                n = n.get(index(token, n.size() - 1, path));
            } else {
                n = null;
            }
            if (n == null) {
                throw missing(path, op);
            }
        }
        return n;
    }

    /** An array index in [0, max]; RFC 6901 forbids leading zeros and signs. */
    private static int index(String token, int max, List<String> path) {
        if (!token.matches("0|[1-9][0-9]{0,8}")) {
            throw PatchException.unprocessable("invalid array index \"" + token + "\" in path " + pointer(path));
        }
        int i = Integer.parseInt(token);
        if (i > max) {
            throw PatchException.unprocessable("array index " + i + " out of bounds in path " + pointer(path));
        }
        return i;
    }

    private static PatchException missing(List<String> path, String op) {
        return PatchException.unprocessable("cannot " + op + " " + pointer(path) + ": path does not exist");
    }

    static String pointer(List<String> path) {
        StringBuilder sb = new StringBuilder();
        for (String p : path) {
            sb.append('/').append(p.replace("~", "~0").replace("/", "~1"));
        }
        return sb.toString();
    }
}
