package io.jube.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonScanTest {

    @Test
    void readsTheFirstMatchingStringValue() {
        String event = "{\"type\":\"ADDED\",\"object\":{\"kind\":\"ConfigMap\",\"metadata\":"
                + "{\"name\":\"w-17\",\"namespace\":\"ns\",\"resourceVersion\":\"42\"},\"data\":{\"name\":\"x\"}}}";
        assertThat(JsonScan.firstString(event, "type")).isEqualTo("ADDED");
        assertThat(JsonScan.firstString(event, "name")).isEqualTo("w-17");
        assertThat(JsonScan.firstString(event, "resourceVersion")).isEqualTo("42");
    }

    @Test
    void toleratesWhitespaceAndSkipsKeyTextUsedAsAValue() {
        String json = "{ \"a\" : \"name\", \"name\" :  \"real\" }";
        assertThat(JsonScan.firstString(json, "name")).isEqualTo("real");
    }

    @Test
    void absentNonStringOrUnterminatedValuesGiveNull() {
        assertThat(JsonScan.firstString("{\"x\":\"1\"}", "name")).isNull();
        assertThat(JsonScan.firstString("{\"name\":5}", "name")).isNull();
        assertThat(JsonScan.firstString("{\"name\":\"abc", "name")).isNull();
    }

    @Test
    void keepsEscapedQuotesInsideTheValue() {
        assertThat(JsonScan.firstString("{\"name\":\"a\\\"b\"}", "name")).isEqualTo("a\\\"b");
    }

    @Test
    void scansBytesTheSameWayWithinTheirRange() {
        byte[] json = "xx{ \"a\" : \"resourceVersion\", \"resourceVersion\" :  \"17\", \"name\":\"a\\\"b\"}yy"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(JsonScan.firstString(json, 2, json.length - 2, JsonScan.key("resourceVersion"))).isEqualTo("17");
        assertThat(JsonScan.firstString(json, 2, json.length - 2, JsonScan.key("name"))).isEqualTo("a\\\"b");
        assertThat(JsonScan.firstString(json, 2, json.length - 2, JsonScan.key("kind"))).isNull();
        assertThat(JsonScan.firstString(json, 2, 20, JsonScan.key("resourceVersion"))).as("value past the range").isNull();
    }
}
