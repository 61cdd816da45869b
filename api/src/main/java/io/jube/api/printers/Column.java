package io.jube.api.printers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/**
 * One column of a server-side {@code Table}, as kubectl prints it. {@code priority} 0 columns show
 * by default, priority 1 only with {@code -o wide}. {@code value} computes the cell from the
 * object (a String, Number, Boolean or null).
 */
public record Column(String name, String type, String format, String description, int priority,
                     Function<JsonNode, Object> value) {
}
