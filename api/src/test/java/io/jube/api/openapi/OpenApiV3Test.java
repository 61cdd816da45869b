package io.jube.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.catalogue.Catalogue;
import io.jube.api.schema.SchemaRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenApiV3Test {
    private final Catalogue catalogue = Catalogue.builtIn();

    @Test
    void indexListsEveryGroupVersionWithTheHashOfItsDocument() {
        ObjectNode index = OpenApiV3.index(catalogue);
        JsonNode paths = index.get("paths");
        assertThat(paths.has("api/v1")).isTrue();
        assertThat(paths.has("apis/apps/v1")).isTrue();
        assertThat(paths.has("apis/autoscaling/v1")).isTrue();
        assertThat(paths.has("apis/autoscaling/v2")).isTrue();
        assertThat(paths.has("apis/rbac.authorization.k8s.io/v1")).isTrue();
        String hash = OpenApiV3.hash(OpenApiV3.groupVersion(catalogue, "apps", "v1"));
        assertThat(paths.at("/apis~1apps~1v1/serverRelativeURL").asText())
                .isEqualTo("/openapi/v3/apis/apps/v1?hash=" + hash);
        assertThat(hash).matches("[0-9A-F]{128}");
        // stable: the same catalogue gives the same hash
        assertThat(OpenApiV3.index(Catalogue.builtIn())).isEqualTo(index);
    }

    @Test
    void groupVersionDocumentHasComponentsAndOnlyItsOwnPaths() {
        ObjectNode doc = OpenApiV3.groupVersion(catalogue, "apps", "v1");
        assertThat(doc.path("openapi").asText()).isEqualTo("3.0.0");
        JsonNode schemas = doc.at("/components/schemas");
        JsonNode deployment = schemas.get("io.k8s.api.apps.v1.Deployment");
        assertThat(deployment.at("/x-kubernetes-group-version-kind/0/kind").asText()).isEqualTo("Deployment");
        assertThat(schemas.at("/io.k8s.api.apps.v1.DeploymentSpec/properties/template/$ref").asText())
                .isEqualTo("#/components/schemas/io.k8s.api.core.v1.PodTemplateSpec");
        // a described reference is wrapped in allOf, since OpenAPI 3.0 ignores $ref siblings
        JsonNode meta = deployment.at("/properties/metadata");
        assertThat(meta.at("/allOf/0/$ref").asText())
                .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
        assertThat(meta.path("description").asText()).isEqualTo("Standard object's metadata.");
        assertThat(schemas.has("io.k8s.api.core.v1.Container")).isTrue();
        doc.get("paths").fieldNames().forEachRemaining(p -> assertThat(p).startsWith("/apis/apps/v1/"));
        assertThat(OpenApiV3.groupVersion(catalogue, "nope", "v1")).isNull();
    }

    @Test
    void patchOperationsOfferFieldValidationAsKubectlChecks() {
        ObjectNode doc = OpenApiV3.groupVersion(catalogue, "", "v1");
        JsonNode patch = doc.at("/paths/~1api~1v1~1namespaces~1{namespace}~1pods~1{name}/patch");
        assertThat(patch.at("/x-kubernetes-group-version-kind/kind").asText()).isEqualTo("Pod");
        assertThat(patch.at("/x-kubernetes-group-version-kind/version").asText()).isEqualTo("v1");
        assertThat(patch.at("/x-kubernetes-group-version-kind/group").asText()).isEmpty();
        List<String> names = new ArrayList<>();
        patch.get("parameters").forEach(p -> names.add(p.get("name").asText()));
        assertThat(names).contains("fieldValidation", "dryRun", "fieldManager", "force");
        assertThat(patch.at("/requestBody/content").fieldNames()).toIterable().containsExactlyInAnyOrder(
                "application/json-patch+json", "application/merge-patch+json",
                "application/strategic-merge-patch+json", "application/apply-patch+yaml");
        assertThat(patch.at("/responses/200/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/io.k8s.api.core.v1.Pod");
        assertThat(patch.at("/parameters/0/schema/type").asText()).isEqualTo("string");
    }

    @Test
    void intOrStringIsAOneOfWithoutTypeAsKubernetesPublishesIt() {
        JsonNode schemas = OpenApiV3.groupVersion(catalogue, "apps", "v1").at("/components/schemas");
        JsonNode ios = schemas.get("io.k8s.apimachinery.pkg.util.intstr.IntOrString");
        assertThat(ios.has("type")).isFalse();
        assertThat(ios.path("format").asText()).isEqualTo("int-or-string");
        assertThat(ios.at("/oneOf/0/type").asText()).isEqualTo("integer");
        assertThat(schemas.at("/io.k8s.apimachinery.pkg.api.resource.Quantity/oneOf/1/type").asText())
                .isEqualTo("number");
    }

    @Test
    void customResourcesAppearWithTheirCrdSchema() {
        Catalogue c = Catalogue.builtIn();
        c.add(new Catalogue.Builder("stable.example.com", "v1", "crontabs", "CronTab").build());
        SchemaRegistry.registerCustom("stable.example.com", "v1", "CronTab", SchemaRegistry.fromOpenApiV3(
                Json.parse("""
                        {"type":"object","properties":{"spec":{"type":"object","properties":{
                          "cronSpec":{"type":"string"},
                          "port":{"x-kubernetes-int-or-string":true}}}}}
                        """.getBytes())));
        try {
            assertThat(OpenApiV3.index(c).at("/paths/apis~1stable.example.com~1v1/serverRelativeURL").asText())
                    .startsWith("/openapi/v3/apis/stable.example.com/v1?hash=");
            ObjectNode doc = OpenApiV3.groupVersion(c, "stable.example.com", "v1");
            JsonNode cronTab = doc.at("/components/schemas/com.example.stable.v1.CronTab");
            assertThat(cronTab.at("/x-kubernetes-group-version-kind/0/kind").asText()).isEqualTo("CronTab");
            assertThat(cronTab.at("/properties/spec/properties/cronSpec/type").asText()).isEqualTo("string");
            assertThat(cronTab.at("/properties/spec/properties/port/x-kubernetes-int-or-string").asBoolean())
                    .isTrue();
            assertThat(cronTab.at("/properties/metadata/allOf/0/$ref").asText()).endsWith("meta.v1.ObjectMeta");
            assertThat(doc.at("/components/schemas/com.example.stable.v1.CronTabList/properties/items/items/$ref")
                    .asText()).isEqualTo("#/components/schemas/com.example.stable.v1.CronTab");
            assertThat(doc.at("/paths/~1apis~1stable.example.com~1v1~1namespaces~1{namespace}~1crontabs~1{name}"
                    + "/patch/operationId").asText()).isEqualTo("patchStableExampleComV1NamespacedCronTab");
            // and the v2 document still encodes
            assertThat(new ProtoReader(OpenApiV2Proto.encode(OpenApiV2.document(c))).msg(9)
                    .named(1, "com.example.stable.v1.CronTab")).isNotNull();
        } finally {
            SchemaRegistry.unregisterCustom("stable.example.com", "CronTab");
        }
    }
}
