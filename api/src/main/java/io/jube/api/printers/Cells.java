package io.jube.api.printers;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.Json;
import io.jube.api.selector.LabelSelector;
import io.jube.api.selector.SelectorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Small readers and formatters shared by the per-kind columns, matching Kubernetes' printer helpers. */
final class Cells {
    static final String CONTAINERS_DESC = "Names of each container in the template.";
    static final String IMAGES_DESC = "Images referenced by each container in the template.";

    private Cells() {
    }

    static Column col(String name, String type, String description, Function<JsonNode, Object> value) {
        return new Column(name, type, "", description, 0, value);
    }

    static Column wide(String name, String type, String description, Function<JsonNode, Object> value) {
        return new Column(name, type, "", description, 1, value);
    }

    /** Text at a path, "" when absent (Go's zero value). */
    static String str(JsonNode o, String... path) {
        String s = Json.text(o, path);
        return s == null ? "" : s;
    }

    static long num(JsonNode o, String... path) {
        JsonNode n = Json.at(o, path);
        return n == null ? 0 : n.asLong(0);
    }

    static long num(JsonNode o, long dflt, String... path) {
        JsonNode n = Json.at(o, path);
        return n == null || n.isNull() ? dflt : n.asLong(dflt);
    }

    static boolean bool(JsonNode o, String... path) {
        JsonNode n = Json.at(o, path);
        return n != null && n.asBoolean(false);
    }

    static boolean present(JsonNode o, String... path) {
        JsonNode n = Json.at(o, path);
        return n != null && !n.isNull() && !n.isMissingNode();
    }

    static List<JsonNode> list(JsonNode o, String... path) {
        JsonNode n = Json.at(o, path);
        List<JsonNode> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(out::add);
        }
        return out;
    }

    static int size(JsonNode o, String... path) {
        JsonNode n = Json.at(o, path);
        return n == null || !(n.isArray() || n.isObject()) ? 0 : n.size();
    }

    static String age(JsonNode o) {
        return Ages.since(Json.text(o, "metadata", "creationTimestamp"));
    }

    /** "True"/"False"/"&lt;unset&gt;" like printBoolPtr. */
    static String boolPtr(JsonNode o, String... path) {
        JsonNode n = Json.at(o, path);
        if (n == null || n.isNull()) {
            return "<unset>";
        }
        return n.asBoolean(false) ? "True" : "False";
    }

    /** labels.FormatLabels: sorted k=v pairs, "&lt;none&gt;" when empty. */
    static String labels(JsonNode map) {
        Map<String, String> sorted = new TreeMap<>();
        if (map != null && map.isObject()) {
            map.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
        }
        if (sorted.isEmpty()) {
            return "<none>";
        }
        List<String> parts = new ArrayList<>();
        sorted.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(",", parts);
    }

    /** metav1.FormatLabelSelector: "&lt;none&gt;" for an empty or absent selector, "&lt;error&gt;" for a bad one. */
    static String selector(JsonNode labelSelector) {
        try {
            String s = LabelSelector.fromJson(labelSelector).toString();
            return s.isEmpty() ? "<none>" : s;
        } catch (SelectorException e) {
            return "<error>";
        }
    }

    /** Container names and images, comma-separated (layoutContainerCells). */
    static String[] containers(JsonNode podSpec) {
        List<String> names = new ArrayList<>();
        List<String> images = new ArrayList<>();
        for (JsonNode c : list(podSpec, "containers")) {
            names.add(c.path("name").asText(""));
            images.add(c.path("image").asText(""));
        }
        return new String[] {String.join(",", names), String.join(",", images)};
    }

    static Column containerNames(String... podSpecPath) {
        return wide("Containers", "string", CONTAINERS_DESC, o -> containers(Json.at(o, podSpecPath))[0]);
    }

    static Column containerImages(String... podSpecPath) {
        return wide("Images", "string", IMAGES_DESC, o -> containers(Json.at(o, podSpecPath))[1]);
    }

    /** "a,b,c + 2 more..." for lists cut at {@code max}; "&lt;unset&gt;" when empty. */
    static String listWithMore(List<String> all, int max) {
        String ret = String.join(",", all.subList(0, Math.min(max, all.size())));
        if (all.size() > max) {
            return ret + " + " + (all.size() - max) + " more...";
        }
        return ret.isEmpty() ? "<unset>" : ret;
    }

    /** Access modes in Kubernetes' fixed order: RWO, ROX, RWX, RWOP. */
    static String accessModes(JsonNode modes) {
        List<String> have = new ArrayList<>();
        if (modes != null && modes.isArray()) {
            modes.forEach(m -> have.add(m.asText()));
        }
        List<String> out = new ArrayList<>();
        String[][] known = {{"ReadWriteOnce", "RWO"}, {"ReadOnlyMany", "ROX"}, {"ReadWriteMany", "RWX"},
            {"ReadWriteOncePod", "RWOP"}};
        for (String[] k : known) {
            if (have.contains(k[0])) {
                out.add(k[1]);
            }
        }
        return String.join(",", out);
    }

    /** A resource.Quantity as printed; a missing quantity prints as "0". */
    static String quantity(JsonNode o, String... path) {
        JsonNode n = Json.at(o, path);
        return n == null || n.isNull() ? "0" : n.asText();
    }
}
