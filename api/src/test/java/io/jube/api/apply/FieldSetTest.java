package io.jube.api.apply;

import static io.jube.api.patch.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jube.api.patch.PatchException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldSetTest {
    @Test
    void encodesFieldsV1WithDotForOwnedParentsAndSortedChildren() {
        FieldSet set = FieldSet.of(List.of(
                List.of("f:spec", "f:replicas"),
                List.of("f:metadata", "f:labels", "f:app"),
                List.of("f:metadata", "f:labels"),
                List.of("f:spec", "f:containers", "k:{\"name\":\"nginx\"}", "f:name"),
                List.of("f:spec", "f:containers", "k:{\"name\":\"nginx\"}"),
                List.of("f:spec", "f:containers", "k:{\"name\":\"nginx\"}", "f:image"),
                List.of("f:metadata", "f:finalizers", "v:\"a\"")));
        // Compared as text: member order matters, "." first, then elements sorted.
        assertThat(io.jube.api.Json.string(set.toFieldsV1())).isEqualTo("""
                {"f:metadata":{"f:finalizers":{"v:\\"a\\"":{}},"f:labels":{".":{},"f:app":{}}},\
                "f:spec":{"f:containers":{"k:{\\"name\\":\\"nginx\\"}":{".":{},"f:image":{},"f:name":{}}},\
                "f:replicas":{}}}""");
    }

    @Test
    void fieldsV1RoundTrips() {
        FieldSet set = FieldSet.of(List.of(List.of("f:a"), List.of("f:a", "f:b"), List.of("f:c", "k:{\"x\":1}")));
        assertThat(FieldSet.fromFieldsV1(set.toFieldsV1())).isEqualTo(set);
    }

    @Test
    void describesPathsAsKubernetesPrintsThem() {
        assertThat(FieldSet.describe(List.of("f:spec", "f:replicas"))).isEqualTo(".spec.replicas");
        assertThat(FieldSet.describe(List.of("f:spec", "f:containers", "k:{\"name\":\"nginx\"}", "f:image")))
                .isEqualTo(".spec.containers[name=\"nginx\"].image");
        assertThat(FieldSet.describe(List.of("f:ports", "k:{\"containerPort\":80,\"protocol\":\"TCP\"}")))
                .isEqualTo(".ports[containerPort=80,protocol=\"TCP\"]");
        assertThat(FieldSet.describe(List.of("f:metadata", "f:finalizers", "v:\"a\""))).isEqualTo(".metadata.finalizers[=\"a\"]");
    }

    @Test
    void malformedFieldsV1IsBadRequest() {
        for (String bad : new String[] {"{'x:y':{}}", "{'f:a':1}", "[]"}) {
            assertThatThrownBy(() -> FieldSet.fromFieldsV1(json(bad))).as(bad)
                    .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.code()).isEqualTo(400));
        }
    }
}
