package io.jube.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.Json;
import java.nio.charset.StandardCharsets;

/** Compact JSON literals for tests: single quotes stand for double quotes. */
public final class TestJson {
    private TestJson() {
    }

    public static JsonNode json(String singleQuoted) {
        return Json.parse(singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }
}
