package io.jube.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.catalogue.Catalogue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpenApiV2Test {
    private static ObjectNode doc;

    @BeforeAll
    static void build() {
        doc = OpenApiV2.document(Catalogue.builtIn());
    }

    @Test
    void kindsAreNamedAsInKubernetesWithTheirGroupVersionKind() {
        JsonNode defs = doc.get("definitions");
        assertThat(doc.path("swagger").asText()).isEqualTo("2.0");
        assertThat(doc.at("/info/title").asText()).isEqualTo("Kubernetes");
        JsonNode deployment = defs.get("io.k8s.api.apps.v1.Deployment");
        assertThat(deployment.at("/x-kubernetes-group-version-kind/0").toString())
                .isEqualTo("{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1\"}");
        assertThat(deployment.at("/properties/metadata/$ref").asText())
                .isEqualTo("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
        assertThat(defs.at("/io.k8s.api.core.v1.PodList/x-kubernetes-group-version-kind/0/kind").asText())
                .isEqualTo("PodList");
        assertThat(defs.at("/io.k8s.apimachinery.pkg.apis.meta.v1.Status/x-kubernetes-group-version-kind/0/kind")
                .asText()).isEqualTo("Status");
        assertThat(defs.has("io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions")).isTrue();
        assertThat(defs.has("io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent")).isTrue();
        assertThat(defs.has("io.k8s.api.autoscaling.v1.Scale")).isTrue();
        assertThat(defs.has("io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler")).isTrue();
        assertThat(defs.has("io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler")).isTrue();
        assertThat(defs.has("io.k8s.api.events.v1.Event")).isTrue();
        assertThat(defs.get("io.k8s.apimachinery.pkg.util.intstr.IntOrString").toString())
                .isEqualTo("{\"type\":\"string\",\"format\":\"int-or-string\"}");
    }

    @Test
    void propertiesCarryPatchAndListExtensions() {
        JsonNode containers = doc.at("/definitions/io.k8s.api.core.v1.PodSpec/properties/containers");
        assertThat(containers.path("x-kubernetes-patch-strategy").asText()).isEqualTo("merge");
        assertThat(containers.path("x-kubernetes-patch-merge-key").asText()).isEqualTo("name");
        assertThat(containers.path("x-kubernetes-list-type").asText()).isEqualTo("map");
        assertThat(containers.at("/items/$ref").asText()).isEqualTo("#/definitions/io.k8s.api.core.v1.Container");
        JsonNode strategy = doc.at("/definitions/io.k8s.api.apps.v1.DeploymentSpec/properties/strategy");
        assertThat(strategy.path("x-kubernetes-patch-strategy").asText()).isEqualTo("retainKeys");
        assertThat(doc.at("/definitions/io.k8s.api.core.v1.Container/required/0").asText()).isEqualTo("name");
    }

    @Test
    void everyRefResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/definitions/");
            assertThat(doc.get("definitions").has(ref.substring("#/definitions/".length()))).as(ref).isTrue();
        }
    }

    @Test
    void pathsDescribeEveryOperationWithKubernetesParameters() {
        JsonNode item = doc.at("/paths/~1api~1v1~1namespaces~1{namespace}~1pods~1{name}");
        assertThat(item.fieldNames()).toIterable().contains("get", "put", "patch", "delete", "parameters");
        JsonNode patch = item.get("patch");
        assertThat(patch.path("x-kubernetes-action").asText()).isEqualTo("patch");
        assertThat(patch.path("operationId").asText()).isEqualTo("patchCoreV1NamespacedPod");
        assertThat(patch.at("/x-kubernetes-group-version-kind/kind").asText()).isEqualTo("Pod");
        assertThat(Json.string(patch.get("consumes"))).contains("application/strategic-merge-patch+json",
                "application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json");
        assertThat(paramNames(patch)).contains("body", "dryRun", "fieldManager", "fieldValidation", "force");
        assertThat(paramNames(item.get("put"))).contains("dryRun", "fieldManager", "fieldValidation");

        JsonNode collection = doc.at("/paths/~1apis~1apps~1v1~1namespaces~1{namespace}~1deployments");
        assertThat(collection.at("/get/x-kubernetes-action").asText()).isEqualTo("list");
        assertThat(collection.at("/post/x-kubernetes-action").asText()).isEqualTo("post");
        assertThat(collection.at("/delete/x-kubernetes-action").asText()).isEqualTo("deletecollection");
        assertThat(collection.at("/get/responses/200/schema/$ref").asText()).endsWith("apps.v1.DeploymentList");
        assertThat(doc.at("/paths/~1apis~1apps~1v1~1deployments/get/operationId").asText())
                .isEqualTo("listAppsV1DeploymentForAllNamespaces");
        assertThat(doc.at("/paths/~1apis~1apps~1v1~1namespaces~1{namespace}~1deployments~1{name}~1scale/put"
                + "/x-kubernetes-group-version-kind/kind").asText()).isEqualTo("Scale");
        assertThat(doc.at("/paths/~1api~1v1~1watch~1namespaces~1{namespace}~1pods~1{name}/get/x-kubernetes-action")
                .asText()).isEqualTo("watch");
        // cluster-scoped: no namespace segment
        assertThat(doc.at("/paths/~1api~1v1~1nodes~1{name}/get/operationId").asText()).isEqualTo("readCoreV1Node");
        // verbs not served are not documented: bindings are create-only
        JsonNode bindings = doc.at("/paths/~1api~1v1~1namespaces~1{namespace}~1bindings");
        assertThat(bindings.fieldNames()).toIterable().containsExactlyInAnyOrder("post", "parameters");
        assertThat(doc.get("paths").has("/api/v1/namespaces/{namespace}/bindings/{name}")).isFalse();
    }

    @Test
    void protobufEncodingRoundTripsTheDocument() {
        ProtoReader d = new ProtoReader(OpenApiV2Proto.encode(doc));
        assertThat(d.str(1)).isEqualTo("2.0");
        assertThat(d.msg(2).str(1)).isEqualTo("Kubernetes");

        ProtoReader definitions = d.msg(9);
        assertThat(definitions.names(1)).hasSize(doc.get("definitions").size());
        ProtoReader pod = definitions.named(1, "io.k8s.api.core.v1.Pod");
        assertThat(pod.msg(22).strs(1)).containsExactly("object");
        assertThat(pod.str(4)).startsWith("Pod is a collection");
        ProtoReader gvk = pod.named(31, "x-kubernetes-group-version-kind");
        assertThat(gvk.str(2)).isEqualTo("- group: \"\"\n  kind: Pod\n  version: v1\n");
        ProtoReader meta = pod.msg(25).named(1, "metadata");
        assertThat(meta.str(1)).isEqualTo("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");

        ProtoReader containers = definitions.named(1, "io.k8s.api.core.v1.PodSpec").msg(25).named(1, "containers");
        assertThat(containers.msg(22).strs(1)).containsExactly("array");
        assertThat(containers.msg(23).msgs(1)).hasSize(1);
        assertThat(containers.msg(23).msgs(1).get(0).str(1)).isEqualTo("#/definitions/io.k8s.api.core.v1.Container");
        assertThat(containers.named(31, "x-kubernetes-patch-merge-key").str(2)).isEqualTo("name\n");
        assertThat(containers.named(31, "x-kubernetes-patch-strategy").str(2)).isEqualTo("merge\n");
        assertThat(definitions.named(1, "io.k8s.api.core.v1.Container").strs(19)).containsExactly("name");
        ProtoReader labels = definitions.named(1, "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")
                .msg(25).named(1, "labels");
        assertThat(labels.msg(21).msg(1).msg(22).strs(1)).containsExactly("string");

        ProtoReader paths = d.msg(8);
        ProtoReader podItem = paths.named(2, "/api/v1/namespaces/{namespace}/pods/{name}");
        ProtoReader patch = podItem.msg(8);
        assertThat(patch.str(5)).isEqualTo("patchCoreV1NamespacedPod");
        assertThat(patch.strs(7)).contains("application/strategic-merge-patch+json");
        assertThat(patch.named(13, "x-kubernetes-action").str(2)).isEqualTo("patch\n");
        List<String> queryNames = new ArrayList<>();
        String bodyRef = null;
        for (ProtoReader item : patch.msgs(8)) {
            ProtoReader param = item.msg(1);
            if (param.msg(1) != null) {
                bodyRef = param.msg(1).msg(5).str(1);
            } else {
                ProtoReader query = param.msg(2).msg(3);
                assertThat(query.str(2)).isEqualTo("query");
                queryNames.add(query.str(4));
            }
        }
        assertThat(bodyRef).isEqualTo("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch");
        assertThat(queryNames).containsExactly("dryRun", "fieldManager", "fieldValidation", "force");
        ProtoReader pathParam = podItem.msgs(9).get(0).msg(1).msg(2).msg(4);
        assertThat(pathParam.str(4)).isEqualTo("name");
        assertThat(pathParam.bool(1)).isTrue();
        ProtoReader ok = patch.msg(9).named(1, "200").msg(1);
        assertThat(ok.str(1)).isEqualTo("OK");
        assertThat(ok.msg(2).msg(1).str(1)).isEqualTo("#/definitions/io.k8s.api.core.v1.Pod");
    }

    @Test
    void protobufEncodingIsDeterministic() {
        assertThat(OpenApiV2Proto.encode(doc)).isEqualTo(OpenApiV2Proto.encode(OpenApiV2.document(Catalogue.builtIn())));
    }

    private static List<String> paramNames(JsonNode op) {
        List<String> names = new ArrayList<>();
        op.get("parameters").forEach(p -> names.add(p.get("name").asText()));
        return names;
    }

    private static void collectRefs(JsonNode n, List<String> out) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("$ref") && e.getValue().isTextual()) {
                    out.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), out);
                }
            }
        } else if (n.isArray()) {
            n.forEach(c -> collectRefs(c, out));
        }
    }
}
