package io.jube.controllers.framework;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.jube.api.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The hash of a pod template, used as a Deployment's {@code pod-template-hash} and in ControllerRevision names
 * (StatefulSet, DaemonSet): FNV-32a over the template's canonical JSON (keys sorted,
 * empty values dropped, the hash label itself excluded) followed by the collision count, rendered with the
 * vowel-free alphabet Kubernetes uses for generated names so it never spells words. Stable across restarts.
 */
public final class TemplateHash {
    public static final String LABEL = "pod-template-hash";
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private TemplateHash() {
    }

    public static String of(PodTemplateSpec template, Integer collisionCount) {
        byte[] canonical = canonical(template).toString().getBytes(StandardCharsets.UTF_8);
        int h = FNV_OFFSET;
        for (byte b : canonical) {
            h ^= (b & 0xff);
            h *= FNV_PRIME;
        }
        if (collisionCount != null) {
            int c = collisionCount;
            for (int i = 0; i < 4; i++) { // little-endian, like the uint32 Kubernetes writes
                h ^= (c >>> (8 * i)) & 0xff;
                h *= FNV_PRIME;
            }
        }
        String decimal = Long.toString(Integer.toUnsignedLong(h));
        StringBuilder out = new StringBuilder(decimal.length());
        for (char ch : decimal.toCharArray()) {
            out.append(ALPHABET.charAt(ch % ALPHABET.length()));
        }
        return out.toString();
    }

    /** The template as sorted, pruned JSON without the hash label: equal for semantically equal templates. */
    static JsonNode canonical(PodTemplateSpec template) {
        JsonNode tree = Json.MAPPER.valueToTree(template);
        JsonNode labels = tree.path("metadata").path("labels");
        if (labels instanceof ObjectNode o) {
            o.remove(LABEL);
        }
        JsonNode pruned = prune(tree);
        return pruned == null ? Json.MAPPER.createObjectNode() : pruned;
    }

    /** Sorts object keys and drops nulls and empty objects/arrays (absent and empty mean the same in the API). */
    private static JsonNode prune(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isObject()) {
            List<String> names = new ArrayList<>();
            n.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            ObjectNode out = Json.MAPPER.createObjectNode();
            for (String name : names) {
                JsonNode v = prune(n.get(name));
                if (v != null) {
                    out.set(name, v);
                }
            }
            return out.isEmpty() ? null : out;
        }
        if (n.isArray()) {
            ArrayNode out = Json.MAPPER.createArrayNode();
            for (JsonNode item : n) {
                JsonNode v = prune(item);
                out.add(v == null ? Json.MAPPER.createObjectNode() : v); // keep positions
            }
            return out.isEmpty() ? null : out;
        }
        return n;
    }

    /** Whether two templates are the same apart from their {@code pod-template-hash} labels. */
    public static boolean equalIgnoringHash(PodTemplateSpec a, PodTemplateSpec b) {
        return canonical(a).equals(canonical(b));
    }

}
