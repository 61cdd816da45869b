package io.jube.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WireTest {
    private final Wire wire = new Wire("127.0.0.1:8080");

    /** Head and body of a request, checking that Content-Length matches the body. */
    private static String[] split(String request) {
        int end = request.indexOf("\r\n\r\n");
        String head = request.substring(0, end);
        String body = request.substring(end + 4);
        int at = head.indexOf("Content-Length: ");
        if (at >= 0) {
            int length = Integer.parseInt(head.substring(at + 16).lines().findFirst().orElseThrow().trim());
            assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(length);
        } else {
            assertThat(body).isEmpty();
        }
        return new String[] {head, body};
    }

    @Test
    void createTemplateFillsTheFixedWidthName() {
        Wire.Template post = wire.template("POST", ConfigMaps.collection("ns"),
                ConfigMaps.text("ns", Wire.nameSlot("c-"), null, "0"));
        String[] r = split(post.with(42).toString());
        assertThat(r[0]).startsWith("POST /api/v1/namespaces/ns/configmaps HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n");
        JsonNode body = Json.parse(r[1].getBytes(StandardCharsets.UTF_8));
        assertThat(body.at("/metadata/name").asText()).isEqualTo("c-00000042").isEqualTo(Wire.name("c-", 42));
        assertThat(body.at("/metadata/resourceVersion").isMissingNode()).isTrue();
        assertThat(split(post.with(99_999_999).toString())[1]).contains("\"c-99999999\"");
    }

    @Test
    void getTemplateHasTheNameInThePathAndNoBody() {
        Wire.Template get = wire.template("GET", ConfigMaps.item("ns", Wire.nameSlot("c-")), null);
        String[] r = split(get.with(7).toString());
        assertThat(r[0]).startsWith("GET /api/v1/namespaces/ns/configmaps/c-00000007 HTTP/1.1\r\n");
        assertThat(r[0]).doesNotContain("Content-Type");
    }

    @Test
    void updateCarriesNameVersionAndGenerationWithTheRightLength() {
        Wire.Update put = wire.update("ns", "c-");
        for (String rv : new String[] {"1", "123456789012"}) {
            String[] r = split(put.with(5, rv, 1234).toString());
            assertThat(r[0]).startsWith("PUT /api/v1/namespaces/ns/configmaps/c-00000005 HTTP/1.1\r\n");
            JsonNode body = Json.parse(r[1].getBytes(StandardCharsets.UTF_8));
            assertThat(body.at("/metadata/name").asText()).isEqualTo("c-00000005");
            assertThat(body.at("/metadata/namespace").asText()).isEqualTo("ns");
            assertThat(body.at("/metadata/resourceVersion").asText()).isEqualTo(rv);
            assertThat(body.at("/data/generation").asText()).isEqualTo("1234");
            assertThat(r[1]).isEqualTo(ConfigMaps.text("ns", "c-00000005", rv, "1234"));
        }
    }

    @Test
    void rejectsNumbersThatDoNotFitTheName() {
        Wire.Template post = wire.template("POST", "/x", "{\"n\":\"" + Wire.nameSlot("a") + "\"}");
        assertThatThrownBy(() -> post.with(100_000_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> post.with(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> wire.update("ns", "c-").with(1, "a\"b", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wholeRequestsAppendTheBody() {
        String[] r = split(wire.request("POST", "/api/v1/namespaces", ConfigMaps.namespace("n1")).toString());
        assertThat(r[1]).isEqualTo(ConfigMaps.namespace("n1").toString());
        assertThat(split(wire.request("GET", "/api/v1/namespaces/n1/configmaps", null).toString())[0])
                .startsWith("GET /api/v1/namespaces/n1/configmaps HTTP/1.1");
    }
}
