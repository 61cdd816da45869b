package io.jube.api.printers;

import static io.jube.api.printers.Cells.present;
import static io.jube.api.printers.Cells.str;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.Json;
import java.util.Locale;

/**
 * Event cells, read from core/v1 (involvedObject, message, source, count) or events.k8s.io/v1 (regarding, note,
 * deprecatedSource, deprecatedCount) JSON alike.
 */
final class EventCells {
    private EventCells() {
    }

    private static boolean core(JsonNode ev) {
        return !"events.k8s.io/v1".equals(Json.text(ev, "apiVersion"));
    }

    static JsonNode regarding(JsonNode ev) {
        return Json.at(ev, core(ev) ? "involvedObject" : "regarding");
    }

    private static String field(JsonNode ev, String coreName, String eventsName) {
        return str(ev, core(ev) ? coreName : eventsName);
    }

    static String firstSeen(JsonNode ev) {
        String first = field(ev, "firstTimestamp", "deprecatedFirstTimestamp");
        return Ages.since(first.isEmpty() ? Json.text(ev, "eventTime") : first);
    }

    static String lastSeen(JsonNode ev) {
        if (present(ev, "series")) {
            return Ages.since(Json.text(ev, "series", "lastObservedTime"));
        }
        String last = field(ev, "lastTimestamp", "deprecatedLastTimestamp");
        return last.isEmpty() ? firstSeen(ev) : Ages.since(last);
    }

    static Object count(JsonNode ev) {
        if (present(ev, "series")) {
            return Cells.num(ev, "series", "count");
        }
        long count = Cells.num(ev, core(ev) ? "count" : "deprecatedCount");
        return count == 0 ? 1L : count; // singleton events of the new API carry no count
    }

    static String object(JsonNode ev) {
        JsonNode ref = regarding(ev);
        String kind = str(ref, "kind").toLowerCase(Locale.ROOT);
        String name = str(ref, "name");
        return name.isEmpty() ? kind : kind + "/" + name;
    }

    static String source(JsonNode ev) {
        String sourceKey = core(ev) ? "source" : "deprecatedSource";
        String component = first(str(ev, sourceKey, "component"), field(ev, "reportingComponent", "reportingController"));
        String instance = first(str(ev, sourceKey, "host"), str(ev, "reportingInstance"));
        return instance.isEmpty() ? component : component + ", " + instance;
    }

    static String message(JsonNode ev) {
        return field(ev, "message", "note").strip();
    }

    private static String first(String a, String b) {
        return a.isEmpty() ? b : a;
    }
}
