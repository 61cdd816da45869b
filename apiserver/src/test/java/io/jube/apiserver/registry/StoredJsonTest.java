package io.jube.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoredJsonTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\",\"namespace\":\"default\"},\"data\":{\"k\":\"v\"}}",
            "{\"metadata\":{}}",
            "{\"kind\":\"X\",\"metadata\":{}}",
            "{}",
            "{\"kind\":\"X\"}",
            // metadata after a spec that has a nested metadata of its own (a pod template)
            "{\"spec\":{\"template\":{\"metadata\":{\"labels\":{\"a\":\"b\"}}},\"list\":[{\"metadata\":{}},1,\"x\"]},\"metadata\":{\"name\":\"d\"}}",
            // strings that look like JSON structure, and non-ASCII text before metadata
            "{\"note\":\"\\\"metadata\\\":{ é 😀\",\"metadata\":{\"name\":\"ü\",\"annotations\":{\"x\":\"{\\\"metadata\\\":{}}\"}}}",
            // not written by us: a metadata that is not an object is replaced, as the tree code does
            "{\"kind\":\"X\",\"metadata\":null}",
            "{\"kind\":\"X\",\"metadata\":\"odd\"}"
    })
    void splicesResourceVersionAsTheTreeCodeWould(String stored) {
        byte[] bytes = stored.getBytes(StandardCharsets.UTF_8);
        ObjectNode expected = (ObjectNode) Json.parse(bytes);
        Json.with(expected, "metadata").put("resourceVersion", "12345");

        byte[] served = StoredJson.withResourceVersion(bytes, 12345);

        assertThat(Json.parse(served)).isEqualTo(expected);
    }
}
