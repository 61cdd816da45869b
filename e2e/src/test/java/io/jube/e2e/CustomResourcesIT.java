package io.jube.e2e;

import static io.jube.e2e.KubectlSupport.firstErrorLine;
import static io.jube.e2e.KubectlSupport.lineMatching;
import static io.jube.e2e.KubectlSupport.namespace;
import static io.jube.e2e.KubectlSupport.outLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.Json;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CustomResourceDefinitions through kubectl: a CRD with a structural schema, status and scale
 * subresources and printer columns, then its custom resources created, listed, patched, scaled,
 * validated and deleted like built-in objects.
 */
class CustomResourcesIT {
    static final String CRD = "widgets.e2e.jube.io";
    private static final String CRD_YAML = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.e2e.jube.io
            spec:
              group: e2e.jube.io
              scope: Namespaced
              names:
                plural: widgets
                singular: widget
                kind: Widget
                shortNames: [wd]
              versions:
              - name: v1
                served: true
                storage: true
                subresources:
                  status: {}
                  scale:
                    specReplicasPath: .spec.replicas
                    statusReplicasPath: .status.replicas
                additionalPrinterColumns:
                - {name: Size, type: integer, jsonPath: .spec.size}
                - {name: Color, type: string, jsonPath: .spec.color}
                - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        required: [size]
                        properties:
                          size: {type: integer, minimum: 1, maximum: 100}
                          color: {type: string, enum: [red, blue]}
                          replicas: {type: integer}
                      status:
                        type: object
                        properties:
                          replicas: {type: integer}
            """;

    private static JubeServer server;
    private static Kubectl kubectl;

    @BeforeAll
    static void startServerAndDefineWidgets() {
        Prerequisites.kubectl();
        server = JubeServer.start("crd");
        kubectl = server.kubectl();
        assertThat(kubectl.apply(CRD_YAML).ok().out().strip())
                .isEqualTo("customresourcedefinition.apiextensions.k8s.io/" + CRD + " created");
        assertThat(kubectl.run("wait", "--for", "condition=established", "crd/" + CRD, "--timeout=30s").ok().out()
                .strip()).isEqualTo("customresourcedefinition.apiextensions.k8s.io/" + CRD + " condition met");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theNewTypeIsDiscoverable() {
        lineMatching(kubectl.run("api-resources", "--api-group=e2e.jube.io").ok(),
                "widgets\\s+wd\\s+e2e.jube.io/v1\\s+true\\s+Widget");
        assertThat(outLines(kubectl.run("api-versions").ok())).contains("e2e.jube.io/v1");
        JsonNode crd = Json.parse(kubectl.run("get", "crd", CRD, "-o", "json").ok().out().getBytes());
        assertThat(crd.at("/status/acceptedNames/kind").asText()).isEqualTo("Widget");
        assertThat(crd.at("/status/conditions")).anySatisfy(c -> {
            assertThat(c.path("type").asText()).isEqualTo("Established");
            assertThat(c.path("status").asText()).isEqualTo("True");
        });
        Kubectl.Result explained = kubectl.run("explain", "widgets.spec").ok();
        lineMatching(explained, "KIND:\\s+Widget");
        lineMatching(explained, "\\s+size\\s+<integer> -required-");
    }

    @Test
    void createListAndPrinterColumns() {
        String ns = namespace(kubectl, "e2e-cr-list");
        assertThat(kubectl.apply(widget("w1", 3, "blue"), "-n", ns).ok().out().strip())
                .isEqualTo("widget.e2e.jube.io/w1 created");
        kubectl.create(widget("w2", 7, "red"), "-n", ns).ok();

        Table table = Table.parse(kubectl.run("get", "widgets", "-n", ns).ok().out());
        assertThat(table.header()).containsExactly("NAME", "SIZE", "COLOR", "AGE");
        assertThat(table.row("w1")).hasValueSatisfying(r -> assertThat(r.subList(0, 3)).containsExactly("w1", "3",
                "blue"));
        assertThat(table.row("w2")).hasValueSatisfying(r -> assertThat(r.subList(0, 3)).containsExactly("w2", "7",
                "red"));
        assertThat(outLines(kubectl.run("get", "wd", "-n", ns, "-o", "name").ok()))
                .containsExactly("widget.e2e.jube.io/w1", "widget.e2e.jube.io/w2");
        assertThat(kubectl.run("get", "widget", "w1", "-n", ns, "-o", "jsonpath={.spec.size}").ok().out())
                .isEqualTo("3");
        assertThat(firstErrorLine(kubectl.run("get", "widget", "nope", "-n", ns).failed()))
                .isEqualTo("Error from server (NotFound): widgets.e2e.jube.io \"nope\" not found");
    }

    @Test
    void patchWithMergeAndJsonButNotStrategic() {
        String ns = namespace(kubectl, "e2e-cr-patch");
        kubectl.create(widget("w1", 3, "blue"), "-n", ns).ok();
        assertThat(kubectl.run("patch", "widget", "w1", "-n", ns, "--type=merge", "-p",
                "{\"spec\":{\"color\":\"red\"}}").ok().out().strip()).isEqualTo("widget.e2e.jube.io/w1 patched");
        kubectl.run("patch", "widget", "w1", "-n", ns, "--type=json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/spec/size\",\"value\":9}]").ok();
        assertThat(kubectl.run("get", "widget", "w1", "-n", ns, "-o", "jsonpath={.spec.size} {.spec.color}").ok()
                .out()).isEqualTo("9 red");

        Kubectl.Result strategic = kubectl.run("patch", "widget", "w1", "-n", ns, "-p",
                "{\"spec\":{\"size\":4}}").failed();
        // kubectl wraps the server's 415 Status message in its own explanation
        assertThat(firstErrorLine(strategic)).isEqualTo("error: application/strategic-merge-patch+json is not "
                + "supported by e2e.jube.io/v1, Kind=Widget: the body of the request was in an unknown format - "
                + "accepted media types include: application/json-patch+json, application/merge-patch+json, "
                + "application/apply-patch+yaml");
    }

    @Test
    void statusIsOnlyWrittenThroughTheStatusSubresource() {
        String ns = namespace(kubectl, "e2e-cr-status");
        kubectl.create(widget("w1", 3, "blue"), "-n", ns).ok();
        assertThat(kubectl.run("patch", "widget", "w1", "-n", ns, "--type=merge", "-p",
                "{\"status\":{\"replicas\":7}}").ok().out().strip())
                .isEqualTo("widget.e2e.jube.io/w1 patched (no change)");
        assertThat(kubectl.run("get", "widget", "w1", "-n", ns, "-o", "jsonpath={.status.replicas}").ok().out())
                .isEmpty();

        assertThat(kubectl.run("patch", "widget", "w1", "-n", ns, "--subresource=status", "--type=merge", "-p",
                "{\"status\":{\"replicas\":7},\"spec\":{\"size\":50}}").ok().out().strip())
                .isEqualTo("widget.e2e.jube.io/w1 patched");
        assertThat(kubectl.run("get", "widget", "w1", "-n", ns, "-o", "jsonpath={.status.replicas} {.spec.size}")
                .ok().out()).as("status written, spec change through /status ignored").isEqualTo("7 3");
    }

    @Test
    void scaleThroughTheScaleSubresource() {
        String ns = namespace(kubectl, "e2e-cr-scale");
        kubectl.create(widget("w1", 3, "blue"), "-n", ns).ok();
        assertThat(kubectl.run("scale", "widget", "w1", "--replicas=5", "-n", ns).ok().out().strip())
                .isEqualTo("widget.e2e.jube.io/w1 scaled");
        assertThat(kubectl.run("get", "widget", "w1", "-n", ns, "-o", "jsonpath={.spec.replicas}").ok().out())
                .isEqualTo("5");
        JsonNode scale = Json.parse(kubectl.run("get", "--raw",
                "/apis/e2e.jube.io/v1/namespaces/" + ns + "/widgets/w1/scale").ok().out().getBytes());
        assertThat(scale.path("kind").asText()).isEqualTo("Scale");
        assertThat(scale.path("apiVersion").asText()).isEqualTo("autoscaling/v1");
        assertThat(scale.at("/spec/replicas").asInt()).isEqualTo(5);
    }

    @Test
    void schemaViolationsAreRejectedWithTheFieldPath() {
        String ns = namespace(kubectl, "e2e-cr-invalid");
        Kubectl.Result tooSmall = kubectl.create(widget("bad", 0, "blue"), "-n", ns).failed();
        assertThat(firstErrorLine(tooSmall)).startsWith("The Widget \"bad\" is invalid: ")
                .contains("spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1");

        Kubectl.Result badEnum = kubectl.create(widget("bad", 2, "green"), "-n", ns).failed();
        assertThat(firstErrorLine(badEnum)).startsWith("The Widget \"bad\" is invalid: ")
                .contains("spec.color: Unsupported value: \"green\": supported values: \"red\", \"blue\"");

        Kubectl.Result missing = kubectl.create(widget("bad", 2, "blue").replace("  size: 2\n", ""), "-n", ns)
                .failed();
        assertThat(firstErrorLine(missing)).startsWith("The Widget \"bad\" is invalid: ")
                .contains("spec.size: Required value");

        Kubectl.Result unknown = kubectl.create(widget("bad", 2, "blue") + "  bogus: 1\n", "-n", ns).failed();
        assertThat(firstErrorLine(unknown)).startsWith("Error from server (BadRequest): ")
                .contains("unknown field \"spec.bogus\"");

        assertThat(firstErrorLine(kubectl.run("get", "widget", "bad", "-n", ns).failed()))
                .isEqualTo("Error from server (NotFound): widgets.e2e.jube.io \"bad\" not found");
    }

    @Test
    void wrongTypesAreSchemaErrorsNotDecodeErrors() {
        String ns = namespace(kubectl, "e2e-cr-type");
        Kubectl.Result wrongType = kubectl.create(widget("bad", 2, "blue").replace("size: 2", "size: big"),
                "-n", ns).failed();
        assertThat(firstErrorLine(wrongType)).isEqualTo("The Widget \"bad\" is invalid: spec.size: Invalid value: "
                + "\"string\": spec.size in body must be of type integer: \"string\"");
    }

    @Test
    void deleteCustomResources() {
        String ns = namespace(kubectl, "e2e-cr-delete");
        kubectl.create(widget("w1", 3, "blue"), "-n", ns).ok();
        kubectl.create(widget("w2", 4, "blue"), "-n", ns).ok();
        assertThat(kubectl.run("delete", "widget", "w1", "-n", ns).ok().out().strip())
                .isEqualTo("widget.e2e.jube.io \"w1\" deleted");
        assertThat(kubectl.run("delete", "widgets", "--all", "-n", ns).ok().out().strip())
                .isEqualTo("widget.e2e.jube.io \"w2\" deleted");
        Kubectl.Result none = kubectl.run("get", "widgets", "-n", ns).ok();
        assertThat(none.err().strip()).isEqualTo("No resources found in " + ns + " namespace.");
    }

    @Test
    void deletingTheDefinitionRemovesTheType() {
        String crd = """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: gadgets.e2e.jube.io}
                spec:
                  group: e2e.jube.io
                  scope: Cluster
                  names: {plural: gadgets, singular: gadget, kind: Gadget}
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    schema:
                      openAPIV3Schema:
                        type: object
                        x-kubernetes-preserve-unknown-fields: true
                """;
        kubectl.apply(crd).ok();
        kubectl.run("wait", "--for", "condition=established", "crd/gadgets.e2e.jube.io", "--timeout=30s").ok();
        assertThat(kubectl.create("""
                apiVersion: e2e.jube.io/v1
                kind: Gadget
                metadata: {name: g1}
                anything: [1, 2]
                """).ok().out().strip()).isEqualTo("gadget.e2e.jube.io/g1 created");
        assertThat(kubectl.run("get", "gadget", "g1", "-o", "jsonpath={.anything}").ok().out()).isEqualTo("[1,2]");

        assertThat(kubectl.run("delete", "crd", "gadgets.e2e.jube.io", "--timeout=30s").ok().out().strip())
                .isEqualTo("customresourcedefinition.apiextensions.k8s.io \"gadgets.e2e.jube.io\" deleted");
        await("the gadgets resource disappears from discovery").atMost(Duration.ofSeconds(30))
                .until(() -> kubectl.run("api-resources", "--api-group=e2e.jube.io", "-o", "name").ok().out()
                        .lines().noneMatch(l -> l.equals("gadgets.e2e.jube.io")));
        assertThat(outLines(kubectl.run("api-resources", "--api-group=e2e.jube.io", "-o", "name").ok()))
                .containsExactly("widgets.e2e.jube.io");
        assertThat(firstErrorLine(kubectl.run("get", "--raw", "/apis/e2e.jube.io/v1/gadgets").failed()))
                .isEqualTo("Error from server (NotFound): the server could not find the requested resource");
        assertThat(firstErrorLine(kubectl.run("get", "crd", "gadgets.e2e.jube.io").failed())).isEqualTo(
                "Error from server (NotFound): customresourcedefinitions.apiextensions.k8s.io "
                        + "\"gadgets.e2e.jube.io\" not found");
    }

    static String widget(String name, int size, String color) {
        return """
                apiVersion: e2e.jube.io/v1
                kind: Widget
                metadata:
                  name: %s
                spec:
                  size: %d
                  color: %s
                  replicas: 1
                """.formatted(name, size, color);
    }
}
