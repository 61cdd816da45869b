package io.jube.api.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.patch.TestSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** List item elements written directly must be exactly what serialising the key object gives. */
class ShapeElementTest {
    static final List<JsonNode> VALUES = List.of(
            Json.NODES.textNode("nginx"), Json.NODES.textNode(""), Json.NODES.textNode("a\"b"),
            Json.NODES.textNode("back\\slash"), Json.NODES.textNode("tab\there"), Json.NODES.textNode("new\nline"),
            Json.NODES.textNode("\u0001"), Json.NODES.textNode("\u007f"), Json.NODES.textNode("é日本"),
            Json.NODES.textNode("emoji \uD83D\uDE00"), Json.NODES.textNode("</script>"), Json.NODES.textNode("\u2028"),
            Json.NODES.numberNode(80), Json.NODES.numberNode(-1), Json.NODES.numberNode(Long.MAX_VALUE),
            Json.NODES.numberNode(Integer.MIN_VALUE), Json.NODES.numberNode(1.5), Json.NODES.numberNode(2.0),
            Json.NODES.numberNode(new BigInteger("123456789012345678901234567890")),
            Json.NODES.numberNode(new BigDecimal("1.10")), Json.NODES.booleanNode(true), Json.NODES.booleanNode(false),
            Json.NODES.nullNode(), Json.object().put("x", 1), Json.NODES.arrayNode().add("a"));

    @Test
    void listMapKeysMatchTheSerialisedKeyObject() {
        TestSchema item = TestSchema.object();
        TestSchema[] schemas = {TestSchema.listMap(item, "name"), TestSchema.listMap(item, "protocol", "containerPort"),
            TestSchema.listMap(item, "b", "a", "b"), TestSchema.listMap(item, "ké\"y", "a")};
        for (TestSchema list : schemas) {
            List<String> keys = Shape.keys(list);
            for (JsonNode x : VALUES) {
                for (JsonNode y : VALUES) {
                    ObjectNode o = Json.object();
                    o.set(keys.get(0), x);
                    if (keys.size() > 1) {
                        o.set(keys.get(1), y);
                    }
                    o.put("other", "ignored");
                    assertThat(Shape.element(Shape.LIST_MAP, list, o, 3)).as(o.toString())
                            .isEqualTo(Shape.encodedElement(list, o, 3));
                }
            }
            ObjectNode none = Json.object().put("other", 1);
            assertThat(Shape.element(Shape.LIST_MAP, list, none, 7)).isEqualTo("i:7");
            assertThat(Shape.element(Shape.LIST_MAP, list, Json.NODES.textNode("scalar"), 2)).isEqualTo("i:2");
        }
        assertThat(Shape.element(Shape.LIST_MAP, schemas[1], Json.object().put("containerPort", 80).put("protocol", "TCP"), 0))
                .isEqualTo("k:{\"containerPort\":80,\"protocol\":\"TCP\"}");
    }

    @Test
    void setItemsMatchTheSerialisedValue() {
        TestSchema set = TestSchema.set(TestSchema.string());
        for (JsonNode v : VALUES) {
            assertThat(Shape.element(Shape.SET, set, v, 0)).as(v.toString()).isEqualTo("v:" + Json.string(v));
        }
    }
}
