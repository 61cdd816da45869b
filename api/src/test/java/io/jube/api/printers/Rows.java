package io.jube.api.printers;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helpers: an object from relaxed JSON (single quotes) and its table row keyed by column name. */
final class Rows {
    private Rows() {
    }

    static JsonNode json(String relaxed) {
        return Json.parse(relaxed.replace('\'', '"').getBytes());
    }

    /** A timestamp {@code d} ago, whole seconds, in the API's format. */
    static String ago(Duration d) {
        return Instant.now().minus(d).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static Map<String, Object> row(List<Column> columns, JsonNode obj) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Column c : columns) {
            out.put(c.name(), c.value().apply(obj));
        }
        return out;
    }

    static List<String> names(List<Column> columns, int priority) {
        List<String> out = new ArrayList<>();
        for (Column c : columns) {
            if (c.priority() == priority) {
                out.add(c.name());
            }
        }
        return out;
    }
}
