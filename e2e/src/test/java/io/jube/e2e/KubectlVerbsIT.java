package io.jube.e2e;

import static io.jube.e2e.KubectlSupport.firstErrorLine;
import static io.jube.e2e.KubectlSupport.lineMatching;
import static io.jube.e2e.KubectlSupport.configMap;
import static io.jube.e2e.KubectlSupport.deployment;
import static io.jube.e2e.KubectlSupport.namespace;
import static io.jube.e2e.KubectlSupport.noLineMatching;
import static io.jube.e2e.KubectlSupport.outLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kubectl verb a user relies on, against a real {@code jube server}, asserting what the user
 * sees: Kubernetes' exact messages and table layouts where they are known.
 */
class KubectlVerbsIT {
    private static JubeServer server;
    private static Kubectl kubectl;

    @BeforeAll
    static void startServer() {
        Prerequisites.kubectl();
        server = JubeServer.start("verbs");
        kubectl = server.kubectl();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    // ---- discovery ---------------------------------------------------------------------------

    @Test
    void versionShowsTheServerVersion() {
        Kubectl.Result version = kubectl.run("version").ok();
        lineMatching(version, "Client Version: v1\\.32\\.\\S+");
        lineMatching(version, "Server Version: v1\\.\\d+\\.\\d+\\S*");

        JsonNode json = Json.parse(kubectl.run("version", "-o", "json").ok().out().getBytes());
        assertThat(json.path("serverVersion").path("major").asText()).isEqualTo("1");
        assertThat(json.path("serverVersion").path("minor").asText()).matches("\\d+\\+?");
        assertThat(json.path("serverVersion").path("gitVersion").asText()).startsWith("v1.");
        assertThat(json.path("serverVersion").path("platform").asText()).matches("\\w+/\\w+");
    }

    @Test
    void apiResourcesListsBuiltInKindsWithShortNamesAndScope() {
        Kubectl.Result all = kubectl.run("api-resources").ok();
        lineMatching(all, "NAME\\s+SHORTNAMES\\s+APIVERSION\\s+NAMESPACED\\s+KIND");
        lineMatching(all, "pods\\s+po\\s+v1\\s+true\\s+Pod");
        lineMatching(all, "configmaps\\s+cm\\s+v1\\s+true\\s+ConfigMap");
        lineMatching(all, "secrets\\s+v1\\s+true\\s+Secret");
        lineMatching(all, "services\\s+svc\\s+v1\\s+true\\s+Service");
        lineMatching(all, "namespaces\\s+ns\\s+v1\\s+false\\s+Namespace");
        lineMatching(all, "nodes\\s+no\\s+v1\\s+false\\s+Node");
        lineMatching(all, "deployments\\s+deploy\\s+apps/v1\\s+true\\s+Deployment");
        lineMatching(all, "replicasets\\s+rs\\s+apps/v1\\s+true\\s+ReplicaSet");
        lineMatching(all, "jobs\\s+batch/v1\\s+true\\s+Job");
        lineMatching(all, "cronjobs\\s+cj\\s+batch/v1\\s+true\\s+CronJob");
        lineMatching(all, "customresourcedefinitions\\s+crd,crds\\s+apiextensions.k8s.io/v1\\s+false\\s+"
                + "CustomResourceDefinition");

        Kubectl.Result clusterScoped = kubectl.run("api-resources", "--namespaced=false").ok();
        lineMatching(clusterScoped, "nodes\\s+no\\s+v1\\s+false\\s+Node");
        lineMatching(clusterScoped, "namespaces\\s+ns\\s+v1\\s+false\\s+Namespace");
        noLineMatching(clusterScoped, "pods\\s.*");
        noLineMatching(clusterScoped, "configmaps\\s.*");

        assertThat(outLines(kubectl.run("api-resources", "--api-group=apps", "-o", "name").ok()))
                .contains("deployments.apps", "replicasets.apps", "statefulsets.apps", "daemonsets.apps");

        Kubectl.Result wide = kubectl.run("api-resources", "-o", "wide").ok();
        lineMatching(wide, "configmaps\\s+cm\\s+v1\\s+true\\s+ConfigMap\\s+"
                + "(create,delete,deletecollection,get,list,patch,update,watch"
                + "|\\[create delete deletecollection get list patch update watch\\])(\\s+.*)?");
    }

    @Test
    void apiVersionsListsTheServedGroupVersions() {
        assertThat(outLines(kubectl.run("api-versions").ok())).contains("v1", "apps/v1", "batch/v1",
                "apiextensions.k8s.io/v1", "coordination.k8s.io/v1", "rbac.authorization.k8s.io/v1");
    }

    // ---- create and get ----------------------------------------------------------------------

    @Test
    void createFromYamlLiteralImageAndNamespace() {
        String ns = namespace(kubectl, "e2e-create");
        assertThat(kubectl.create("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: from-yaml
                data:
                  greeting: hello
                """, "-n", ns).ok().out().strip()).isEqualTo("configmap/from-yaml created");
        assertThat(kubectl.run("create", "configmap", "from-literal", "--from-literal=a=b", "-n", ns).ok().out()
                .strip()).isEqualTo("configmap/from-literal created");
        assertThat(kubectl.run("create", "deployment", "web", "--image=nginx", "-n", ns).ok().out().strip())
                .isEqualTo("deployment.apps/web created");

        assertThat(kubectl.run("get", "cm", "from-yaml", "-n", ns, "-o", "jsonpath={.data.greeting}").ok().out())
                .isEqualTo("hello");
        assertThat(kubectl.run("get", "cm", "from-literal", "-n", ns, "-o", "jsonpath={.data.a}").ok().out())
                .isEqualTo("b");
        assertThat(kubectl.run("get", "deploy", "web", "-n", ns, "-o",
                "jsonpath={.spec.template.spec.containers[0].image}").ok().out()).isEqualTo("nginx");
        assertThat(kubectl.run("get", "ns", ns, "-o", "jsonpath={.status.phase}").ok().out()).isEqualTo("Active");
    }

    @Test
    void createNamespaceCommand() {
        assertThat(kubectl.run("create", "namespace", "e2e-create-ns").ok().out().strip())
                .isEqualTo("namespace/e2e-create-ns created");
        assertThat(kubectl.run("get", "ns", "e2e-create-ns", "-o", "jsonpath={.status.phase}").ok().out())
                .isEqualTo("Active");
    }

    @Test
    void getDeploymentTableHasKubernetesColumns() {
        String ns = namespace(kubectl, "e2e-get-deploy");
        deployment(kubectl, ns, "web", "nginx");
        Kubectl.Result table = kubectl.run("get", "deploy", "-n", ns).ok();
        assertThat(table.lines().get(0)).isEqualTo("NAME   READY   UP-TO-DATE   AVAILABLE   AGE");
        lineMatching(table, "web\\s+\\d+/1\\s+\\d+\\s+\\d+\\s+\\d+s");
        assertThat(outLines(kubectl.run("get", "deploy", "-n", ns, "-o", "name").ok()))
                .containsExactly("deployment.apps/web");
    }

    @Test
    void getNamespacesShowsTheSystemNamespacesActive() {
        Table table = Table.parse(kubectl.run("get", "ns").ok().out());
        assertThat(table.header()).containsExactly("NAME", "STATUS", "AGE");
        for (String ns : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
            assertThat(table.cell(ns, "STATUS")).as("namespace %s", ns).isEqualTo("Active");
        }
    }

    @Test
    void getPodsWideShowsNodeAndIpColumns() {
        String ns = namespace(kubectl, "e2e-get-pods");
        assertThat(kubectl.create(pod("p1"), "-n", ns).ok().out().strip()).isEqualTo("pod/p1 created");
        Table table = Table.parse(kubectl.run("get", "pods", "-o", "wide", "-n", ns).ok().out());
        assertThat(table.header()).containsExactly("NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE",
                "NOMINATED NODE", "READINESS GATES");
        assertThat(table.cell("p1", "READY")).matches("[01]/1");
        assertThat(table.cell("p1", "RESTARTS")).isEqualTo("0");
        assertThat(table.cell("p1", "READINESS GATES")).isEqualTo("<none>");

        Table plain = Table.parse(kubectl.run("get", "pods", "-n", ns).ok().out());
        assertThat(plain.header()).containsExactly("NAME", "READY", "STATUS", "RESTARTS", "AGE");
    }

    @Test
    void getOutputFormats() {
        String ns = namespace(kubectl, "e2e-output");
        configMap(kubectl, ns, "one", "a=b");
        kubectl.run("label", "cm", "one", "app=a", "tier=x", "-n", ns).ok();

        String yaml = kubectl.run("get", "cm", "one", "-n", ns, "-o", "yaml").ok().out();
        assertThat(yaml).contains("apiVersion: v1\n", "kind: ConfigMap\n", "  name: one\n",
                "  namespace: " + ns + "\n", "  a: b\n", "  resourceVersion: ", "  uid: ", "  creationTimestamp: ");

        JsonNode json = Json.parse(kubectl.run("get", "cm", "one", "-n", ns, "-o", "json").ok().out().getBytes());
        assertThat(json.path("kind").asText()).isEqualTo("ConfigMap");
        assertThat(json.path("apiVersion").asText()).isEqualTo("v1");
        assertThat(json.at("/metadata/name").asText()).isEqualTo("one");
        assertThat(json.at("/metadata/resourceVersion").asText()).matches("[1-9]\\d*");
        assertThat(json.at("/metadata/uid").asText()).matches("[0-9a-f-]{36}");
        assertThat(json.at("/data/a").asText()).isEqualTo("b");

        assertThat(kubectl.run("get", "cm", "one", "-n", ns, "-o", "jsonpath={.metadata.name}").ok().out())
                .isEqualTo("one");
        assertThat(kubectl.run("get", "cm", "one", "-n", ns, "-o", "name").ok().out().strip())
                .isEqualTo("configmap/one");

        Table labels = Table.parse(kubectl.run("get", "cm", "one", "-n", ns, "--show-labels").ok().out());
        assertThat(labels.header()).containsExactly("NAME", "DATA", "AGE", "LABELS");
        assertThat(labels.cell("one", "DATA")).isEqualTo("1");
        assertThat(labels.cell("one", "LABELS")).isEqualTo("app=a,tier=x");
    }

    @Test
    void getWithSelectorsAndAllNamespaces() {
        String first = namespace(kubectl, "e2e-select-1");
        String second = namespace(kubectl, "e2e-select-2");
        for (String ns : List.of(first, second)) {
            kubectl.create("""
                    apiVersion: v1
                    kind: List
                    items:
                    - {apiVersion: v1, kind: ConfigMap, metadata: {name: red, labels: {color: red, e2e: select}}}
                    - {apiVersion: v1, kind: ConfigMap, metadata: {name: blue, labels: {color: blue, e2e: select}}}
                    """, "-n", ns).ok();
        }
        assertThat(outLines(kubectl.run("get", "cm", "-n", first, "-l", "color=red", "-o", "name").ok()))
                .containsExactly("configmap/red");
        assertThat(outLines(kubectl.run("get", "cm", "-n", first, "-l", "color in (red,blue)", "-o", "name").ok()))
                .containsExactlyInAnyOrder("configmap/red", "configmap/blue");
        assertThat(outLines(kubectl.run("get", "cm", "-n", first, "-l", "e2e=select,color!=red", "-o", "name")
                .ok())).containsExactly("configmap/blue");
        assertThat(outLines(kubectl.run("get", "cm", "-n", first, "--field-selector", "metadata.name=blue",
                "-o", "name").ok())).containsExactly("configmap/blue");

        Kubectl.Result none = kubectl.run("get", "cm", "-n", first, "-l", "color=green").ok();
        assertThat(none.out()).isEmpty();
        assertThat(none.err().strip()).isEqualTo("No resources found in " + first + " namespace.");

        Table everywhere = Table.parse(kubectl.run("get", "cm", "-A", "-l", "e2e=select").ok().out());
        assertThat(everywhere.header()).containsExactly("NAMESPACE", "NAME", "DATA", "AGE");
        assertThat(everywhere.rows()).extracting(r -> r.get(0) + "/" + r.get(1)).containsExactlyInAnyOrder(
                first + "/blue", first + "/red", second + "/blue", second + "/red");

        Kubectl.Result badSelector = kubectl.run("get", "cm", "-n", first, "--field-selector", "data.a=b").failed();
        assertThat(firstErrorLine(badSelector)).startsWith("Error from server (BadRequest): ")
                .contains("\"data.a\" is not a known field selector");
    }

    // ---- describe, edit, patch, label, annotate, scale ----------------------------------------

    @Test
    void describeConfigMap() {
        String ns = namespace(kubectl, "e2e-describe-cm");
        configMap(kubectl, ns, "one", "a=b");
        Kubectl.Result described = kubectl.run("describe", "cm", "one", "-n", ns).ok();
        lineMatching(described, "Name:\\s+one");
        lineMatching(described, "Namespace:\\s+" + ns);
        lineMatching(described, "Labels:\\s+<none>");
        lineMatching(described, "Annotations:\\s+<none>");
        lineMatching(described, "Data");
        lineMatching(described, "a:");
        lineMatching(described, "b");
        lineMatching(described, "Events:\\s+<none>");
    }

    @Test
    void describeDeploymentShowsDefaultedStrategy() {
        String ns = namespace(kubectl, "e2e-describe-deploy");
        deployment(kubectl, ns, "web", "nginx");
        Kubectl.Result described = kubectl.run("describe", "deployment", "web", "-n", ns).ok();
        lineMatching(described, "Name:\\s+web");
        lineMatching(described, "Namespace:\\s+" + ns);
        lineMatching(described, "Selector:\\s+app=web");
        lineMatching(described, "Replicas:\\s+1 desired \\| \\d+ updated \\| \\d+ total \\| \\d+ available \\| "
                + "\\d+ unavailable");
        lineMatching(described, "StrategyType:\\s+RollingUpdate");
        lineMatching(described, "RollingUpdateStrategy:\\s+25% max unavailable, 25% max surge");
        lineMatching(described, "Pod Template:");
        lineMatching(described, "\\s+Image:\\s+nginx");
    }

    @Test
    void editThroughAnEditorScript(@TempDir Path dir) throws IOException {
        String ns = namespace(kubectl, "e2e-edit");
        configMap(kubectl, ns, "one", "a=b");
        Path editor = dir.resolve("editor.sh");
        Files.writeString(editor, "#!/bin/sh\nsed -i 's/^  a: b$/  a: edited/' \"$1\"\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));

        Kubectl.Result edited = kubectl.run(null, Map.of("KUBE_EDITOR", editor.toString()),
                "edit", "cm", "one", "-n", ns).ok();
        assertThat(edited.out().strip()).isEqualTo("configmap/one edited");
        assertThat(kubectl.run("get", "cm", "one", "-n", ns, "-o", "jsonpath={.data.a}").ok().out())
                .isEqualTo("edited");

        // An editor that changes nothing: kubectl reports that the edit was cancelled.
        Kubectl.Result unchanged = kubectl.run(null, Map.of("KUBE_EDITOR", "true"), "edit", "cm", "one", "-n", ns)
                .ok();
        assertThat(unchanged.err().strip()).isEqualTo("Edit cancelled, no changes made.");
    }

    @Test
    void patchStrategicMergeAndJson() {
        String ns = namespace(kubectl, "e2e-patch");
        deployment(kubectl, ns, "web", "nginx");
        String names = "jsonpath={.spec.template.spec.containers[*].name}";

        // strategic merge (the default) merges the containers list by name; Kubernetes puts items
        // that only the patch has before the server-only ones
        assertThat(kubectl.run("patch", "deploy", "web", "-n", ns, "-p",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"sidecar\",\"image\":\"busybox\"}]}}}}")
                .ok().out().strip()).isEqualTo("deployment.apps/web patched");
        assertThat(kubectl.run("get", "deploy", "web", "-n", ns, "-o", names).ok().out())
                .isEqualTo("sidecar nginx");
        kubectl.run("patch", "deploy", "web", "-n", ns, "-p",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:2\"}]}}}}")
                .ok();
        assertThat(kubectl.run("get", "deploy", "web", "-n", ns, "-o",
                "jsonpath={.spec.template.spec.containers[*].image}").ok().out()).isEqualTo("busybox nginx:2");

        // a JSON merge patch replaces lists wholesale
        kubectl.run("patch", "deploy", "web", "-n", ns, "--type=merge", "-p",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"only\",\"image\":\"busybox\"}]}}}}")
                .ok();
        assertThat(kubectl.run("get", "deploy", "web", "-n", ns, "-o", names).ok().out()).isEqualTo("only");

        // JSON patch (RFC 6902)
        String replicas = "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":3}]";
        assertThat(kubectl.run("patch", "deploy", "web", "-n", ns, "--type=json", "-p", replicas).ok().out().strip())
                .isEqualTo("deployment.apps/web patched");
        assertThat(kubectl.run("get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}").ok().out())
                .isEqualTo("3");
        assertThat(kubectl.run("patch", "deploy", "web", "-n", ns, "--type=json", "-p", replicas).ok().out().strip())
                .isEqualTo("deployment.apps/web patched (no change)");
        // the deployment controller writes the deployment's status meanwhile, so check "no write" on a
        // ConfigMap, which nothing else changes
        kubectl.run("create", "configmap", "noop", "--from-literal=a=1", "-n", ns).ok();
        String rv = kubectl.run("get", "cm", "noop", "-n", ns, "-o", "jsonpath={.metadata.resourceVersion}").ok().out();
        assertThat(kubectl.run("patch", "cm", "noop", "-n", ns, "--type=json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/data/a\",\"value\":\"1\"}]").ok().out().strip())
                .isEqualTo("configmap/noop patched (no change)");
        assertThat(kubectl.run("get", "cm", "noop", "-n", ns, "-o", "jsonpath={.metadata.resourceVersion}")
                .ok().out()).as("a no-op patch must not write").isEqualTo(rv);

        Kubectl.Result failedTest = kubectl.run("patch", "deploy", "web", "-n", ns, "--type=json", "-p",
                "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":99}]").failed();
        // a failed test operation is a 422; kubectl prints it as an invalid request
        assertThat(firstErrorLine(failedTest)).containsAnyOf("Error from server", "The request is invalid")
                .contains("/spec/replicas");
        assertThat(kubectl.run("get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}").ok().out())
                .isEqualTo("3");
    }

    @Test
    void labelAndAnnotate() {
        String ns = namespace(kubectl, "e2e-label");
        configMap(kubectl, ns, "one", "a=b");
        assertThat(kubectl.run("label", "cm", "one", "env=prod", "-n", ns).ok().out().strip())
                .isEqualTo("configmap/one labeled");
        Kubectl.Result refused = kubectl.run("label", "cm", "one", "env=dev", "-n", ns).failed();
        assertThat(firstErrorLine(refused)).isEqualTo("error: 'env' already has a value (prod), and --overwrite is false");
        assertThat(kubectl.run("label", "cm", "one", "env=dev", "--overwrite", "-n", ns).ok().out().strip())
                .isEqualTo("configmap/one labeled");
        assertThat(kubectl.run("get", "cm", "one", "-n", ns, "-o", "jsonpath={.metadata.labels.env}").ok().out())
                .isEqualTo("dev");
        assertThat(kubectl.run("label", "cm", "one", "env-", "-n", ns).ok().out().strip())
                .isEqualTo("configmap/one unlabeled");

        assertThat(kubectl.run("annotate", "cm", "one", "note=hello world", "-n", ns).ok().out().strip())
                .isEqualTo("configmap/one annotated");
        assertThat(kubectl.run("get", "cm", "one", "-n", ns, "-o", "jsonpath={.metadata.annotations.note}").ok()
                .out()).isEqualTo("hello world");
        Kubectl.Result badLabel = kubectl.run("label", "cm", "one", "bad=has space", "-n", ns).failed();
        assertThat(badLabel.err()).contains("has space");

        // removing the last label leaves no labels map at all (Kubernetes omits empty maps)
        assertThat(kubectl.run("get", "cm", "one", "-n", ns, "-o", "jsonpath={.metadata.labels}").ok().out())
                .isEmpty();
    }

    @Test
    void scaleDeploymentThroughTheScaleSubresource() {
        String ns = namespace(kubectl, "e2e-scale");
        deployment(kubectl, ns, "web", "nginx");
        assertThat(kubectl.run("scale", "--replicas=4", "deploy/web", "-n", ns).ok().out().strip())
                .isEqualTo("deployment.apps/web scaled");
        assertThat(kubectl.run("get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}").ok().out())
                .isEqualTo("4");
        JsonNode scale = Json.parse(kubectl.run("get", "--raw",
                "/apis/apps/v1/namespaces/" + ns + "/deployments/web/scale").ok().out().getBytes());
        assertThat(scale.path("kind").asText()).isEqualTo("Scale");
        assertThat(scale.path("apiVersion").asText()).isEqualTo("autoscaling/v1");
        assertThat(scale.at("/spec/replicas").asInt()).isEqualTo(4);
        assertThat(scale.at("/status/selector").asText()).isEqualTo("app=web");
    }

    // ---- delete and watch ---------------------------------------------------------------------

    @Test
    void deleteByNameSelectorAndAll() {
        String ns = namespace(kubectl, "e2e-delete");
        for (String name : List.of("one", "two", "three", "four")) {
            configMap(kubectl, ns, name);
        }
        kubectl.run("label", "cm", "two", "three", "group=x", "-n", ns).ok();

        assertThat(kubectl.run("delete", "cm", "one", "-n", ns).ok().out().strip())
                .isEqualTo("configmap \"one\" deleted");
        assertThat(outLines(kubectl.run("delete", "cm", "-l", "group=x", "-n", ns).ok()))
                .containsExactlyInAnyOrder("configmap \"two\" deleted", "configmap \"three\" deleted");
        assertThat(outLines(kubectl.run("delete", "cm", "--all", "-n", ns).ok()))
                .contains("configmap \"four\" deleted");
        for (String name : List.of("one", "two", "three", "four")) {
            assertThat(firstErrorLine(kubectl.run("get", "cm", name, "-n", ns).failed()))
                    .isEqualTo("Error from server (NotFound): configmaps \"" + name + "\" not found");
        }
        Kubectl.Result missing = kubectl.run("delete", "cm", "one", "-n", ns).failed();
        assertThat(firstErrorLine(missing)).isEqualTo("Error from server (NotFound): configmaps \"one\" not found");
    }

    @Test
    void watchPrintsObjectsCreatedLater(@TempDir Path dir) {
        String ns = namespace(kubectl, "e2e-watch");
        configMap(kubectl, ns, "before");
        try (Kubectl.Background watch = kubectl.background(dir.resolve("watch.out"), "get", "cm", "-w", "-n", ns)) {
            await("the watch lists the existing configmap").atMost(Duration.ofSeconds(20))
                    .until(() -> watch.output().text().lines().anyMatch(l -> l.startsWith("before ")));
            configMap(kubectl, ns, "watched", "a=b");
            await("the watch prints the new configmap").atMost(Duration.ofSeconds(20))
                    .until(() -> watch.output().text().lines().anyMatch(l -> l.matches("watched\\s+1\\s+\\d+s")));
            assertThat(watch.process().isAlive()).as("kubectl get -w still watching; output:\n%s",
                    watch.output().text()).isTrue();
        }
    }

    // ---- explain -------------------------------------------------------------------------------

    @Test
    void explainBuiltInFields() {
        Kubectl.Result containers = kubectl.run("explain", "pods.spec.containers").ok();
        lineMatching(containers, "KIND:\\s+Pod");
        lineMatching(containers, "VERSION:\\s+v1");
        lineMatching(containers, "FIELD:\\s+containers <\\[\\]Container>");
        lineMatching(containers, "\\s+image\\s+<string>");
        lineMatching(containers, "\\s+name\\s+<string> -required-");

        Kubectl.Result spec = kubectl.run("explain", "deployment.spec").ok();
        lineMatching(spec, "GROUP:\\s+apps");
        lineMatching(spec, "KIND:\\s+Deployment");
        lineMatching(spec, "VERSION:\\s+v1");
        lineMatching(spec, "FIELD:\\s+spec <DeploymentSpec>");
        lineMatching(spec, "\\s+replicas\\s+<integer>");
        lineMatching(spec, "\\s+template\\s+<PodTemplateSpec> -required-");

        Kubectl.Result unknown = kubectl.run("explain", "pods.spec.nosuchfield").failed();
        assertThat(unknown.err()).contains("nosuchfield");
    }

    // ---- apply ---------------------------------------------------------------------------------

    @Test
    void clientSideApplyCreatesUpdatesAndPrunesRemovedFields() {
        String ns = namespace(kubectl, "e2e-apply");
        String v1 = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: app
                  labels: {tier: web}
                data:
                  keep: "1"
                  drop: "2"
                """;
        assertThat(kubectl.apply(v1, "-n", ns).ok().out().strip()).isEqualTo("configmap/app created");
        String lastApplied = kubectl.run("get", "cm", "app", "-n", ns, "-o",
                "jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}").ok().out();
        assertThat(Json.parse(lastApplied.getBytes()).path("data").path("drop").asText()).isEqualTo("2");

        // someone else's change survives the three-way merge
        kubectl.run("label", "cm", "app", "extra=yes", "-n", ns).ok();
        String v2 = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: app
                  labels: {tier: web}
                data:
                  keep: "1"
                  added: "3"
                """;
        assertThat(kubectl.apply(v2, "-n", ns).ok().out().strip()).isEqualTo("configmap/app configured");
        JsonNode live = Json.parse(kubectl.run("get", "cm", "app", "-n", ns, "-o", "json").ok().out().getBytes());
        assertThat(Json.string(live.path("data"))).isEqualTo("{\"added\":\"3\",\"keep\":\"1\"}");
        assertThat(live.at("/metadata/labels/extra").asText()).isEqualTo("yes");
        assertThat(live.at("/metadata/labels/tier").asText()).isEqualTo("web");
        assertThat(Json.parse(live.at("/metadata/annotations").path(
                "kubectl.kubernetes.io/last-applied-configuration").asText().getBytes()).path("data").has("drop"))
                .isFalse();

        assertThat(kubectl.apply(v2, "-n", ns).ok().out().strip()).isEqualTo("configmap/app unchanged");
    }

    @Test
    void serverSideApplyTracksOwnersAndReportsConflicts() {
        String ns = namespace(kubectl, "e2e-ssa");
        String alice = """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: ssa}
                data: {k: v1, a: alice}
                """;
        assertThat(kubectl.apply(alice, "-n", ns, "--server-side", "--field-manager=alice").ok().out().strip())
                .isEqualTo("configmap/ssa serverside-applied");
        JsonNode managed = Json.parse(kubectl.run("get", "cm", "ssa", "-n", ns, "-o", "json",
                "--show-managed-fields").ok().out().getBytes()).at("/metadata/managedFields");
        assertThat(managed).anySatisfy(entry -> {
            assertThat(entry.path("manager").asText()).isEqualTo("alice");
            assertThat(entry.path("operation").asText()).isEqualTo("Apply");
            assertThat(entry.at("/fieldsV1/f:data").has("f:k")).isTrue();
        });

        String bob = """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: ssa}
                data: {k: v2}
                """;
        Kubectl.Result conflict = kubectl.apply(bob, "-n", ns, "--server-side", "--field-manager=bob").failed();
        assertThat(firstErrorLine(conflict))
                .isEqualTo("error: Apply failed with 1 conflict: conflict with \"alice\": .data.k");
        assertThat(kubectl.run("get", "cm", "ssa", "-n", ns, "-o", "jsonpath={.data.k}").ok().out()).isEqualTo("v1");

        assertThat(kubectl.apply(bob, "-n", ns, "--server-side", "--field-manager=bob", "--force-conflicts").ok()
                .out().strip()).isEqualTo("configmap/ssa serverside-applied");
        assertThat(kubectl.run("get", "cm", "ssa", "-n", ns, "-o", "jsonpath={.data.k} {.data.a}").ok().out())
                .isEqualTo("v2 alice");
    }

    @Test
    void serverSideApplyConflictsWithAFieldSetByAnUpdate() {
        String ns = namespace(kubectl, "e2e-ssa-update");
        configMap(kubectl, ns, "made", "k=v");
        String applied = """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: made}
                data: {k: other}
                """;
        Kubectl.Result conflict = kubectl.apply(applied, "-n", ns, "--server-side").failed();
        assertThat(firstErrorLine(conflict)).isEqualTo(
                "error: Apply failed with 1 conflict: conflict with \"kubectl-create\" using v1: .data.k");
        kubectl.apply(applied, "-n", ns, "--server-side", "--force-conflicts").ok();
        assertThat(kubectl.run("get", "cm", "made", "-n", ns, "-o", "jsonpath={.data.k}").ok().out())
                .isEqualTo("other");
    }

    @Test
    void kustomizeBuildsAndApplies(@TempDir Path dir) throws IOException {
        String ns = namespace(kubectl, "e2e-kustomize");
        Files.writeString(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: %s
                namePrefix: dev-
                commonLabels:
                  team: blue
                resources:
                - settings.yaml
                """.formatted(ns));
        Files.writeString(dir.resolve("settings.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                data:
                  mode: fast
                """);
        String built = kubectl.run("kustomize", dir.toString()).ok().out();
        assertThat(built).contains("name: dev-settings", "namespace: " + ns, "team: blue", "mode: fast");

        assertThat(kubectl.run("apply", "-k", dir.toString()).ok().out().strip())
                .isEqualTo("configmap/dev-settings created");
        assertThat(outLines(kubectl.run("get", "cm", "-n", ns, "-l", "team=blue", "-o", "name").ok()))
                .containsExactly("configmap/dev-settings");
    }

    @Test
    void dryRunNeverPersists() {
        String ns = namespace(kubectl, "e2e-dry-run");
        assertThat(kubectl.create(configMapYaml("dr"), "--dry-run=server", "-n", ns).ok().out().strip())
                .isEqualTo("configmap/dr created (server dry run)");
        assertThat(firstErrorLine(kubectl.run("get", "cm", "dr", "-n", ns).failed()))
                .isEqualTo("Error from server (NotFound): configmaps \"dr\" not found");

        String client = kubectl.run("create", "configmap", "dr", "--from-literal=a=b", "--dry-run=client",
                "-o", "yaml", "-n", ns).ok().out();
        assertThat(client).contains("kind: ConfigMap", "name: dr", "a: b");
        kubectl.run("get", "cm", "dr", "-n", ns).failed();

        configMap(kubectl, ns, "real", "a=b");
        String rv = kubectl.run("get", "cm", "real", "-n", ns, "-o", "jsonpath={.metadata.resourceVersion}").ok()
                .out();
        assertThat(kubectl.run("label", "cm", "real", "x=y", "--dry-run=server", "-n", ns).ok().out().strip())
                .isEqualTo("configmap/real labeled (server dry run)");
        assertThat(kubectl.run("delete", "cm", "real", "--dry-run=server", "-n", ns).ok().out().strip())
                .isEqualTo("configmap \"real\" deleted (server dry run)");
        assertThat(kubectl.run("get", "cm", "real", "-n", ns, "-o",
                "jsonpath={.metadata.resourceVersion} {.metadata.labels}").ok().out()).isEqualTo(rv + " ");

        // the typed create command (kubectl sends protobuf) takes the same path
        assertThat(kubectl.run("create", "configmap", "typed", "--from-literal=a=b", "--dry-run=server", "-n", ns)
                .ok().out().strip()).isEqualTo("configmap/typed created (server dry run)");
        kubectl.run("get", "cm", "typed", "-n", ns).failed();
    }

    // ---- errors a user sees ---------------------------------------------------------------------

    @Test
    void notFoundMessages() {
        String ns = namespace(kubectl, "e2e-notfound");
        assertThat(firstErrorLine(kubectl.run("get", "pod", "nope", "-n", ns).failed()))
                .isEqualTo("Error from server (NotFound): pods \"nope\" not found");
        assertThat(firstErrorLine(kubectl.run("get", "deploy", "nope", "-n", ns).failed()))
                .isEqualTo("Error from server (NotFound): deployments.apps \"nope\" not found");
        assertThat(firstErrorLine(kubectl.run("get", "ns", "nope-missing").failed()))
                .isEqualTo("Error from server (NotFound): namespaces \"nope-missing\" not found");
        assertThat(firstErrorLine(kubectl.create(configMapYaml("x"), "-n", "nope-missing").failed())).isEqualTo(
                "Error from server (NotFound): error when creating \"STDIN\": namespaces \"nope-missing\" not found");
        assertThat(firstErrorLine(kubectl.run("get", "nosuchkind").failed()))
                .isEqualTo("error: the server doesn't have a resource type \"nosuchkind\"");
    }

    @Test
    void alreadyExistsMessage() {
        String ns = namespace(kubectl, "e2e-exists");
        kubectl.create(configMapYaml("dup"), "-n", ns).ok();
        assertThat(firstErrorLine(kubectl.create(configMapYaml("dup"), "-n", ns).failed())).isEqualTo(
                "Error from server (AlreadyExists): error when creating \"STDIN\": configmaps \"dup\" already exists");
        assertThat(firstErrorLine(kubectl.create("apiVersion: v1\nkind: Namespace\nmetadata: {name: " + ns + "}\n")
                .failed())).isEqualTo("Error from server (AlreadyExists): error when creating \"STDIN\": namespaces \""
                        + ns + "\" already exists");
    }

    @Test
    void invalidNameMessage() {
        String ns = namespace(kubectl, "e2e-invalid");
        assertThat(firstErrorLine(kubectl.create(configMapYaml("Bad_Name"), "-n", ns).failed())).isEqualTo(
                "The ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase "
                        + "RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and "
                        + "must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
                        + "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        assertThat(firstErrorLine(kubectl.create("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: bad-label, labels: {"a b": c}}
                """, "-n", ns).failed())).startsWith("The ConfigMap \"bad-label\" is invalid: metadata.labels: "
                + "Invalid value: \"a b\": name part must consist of alphanumeric characters");
    }

    @Test
    void strictFieldValidationRejectsUnknownFields() {
        String ns = namespace(kubectl, "e2e-strict");
        String withUnknown = """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: unknown}
                bogus: 1
                data: {a: b}
                """;
        Kubectl.Result strict = kubectl.create(withUnknown, "-n", ns).failed();
        assertThat(firstErrorLine(strict)).isEqualTo("Error from server (BadRequest): error when creating \"STDIN\": "
                + "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: "
                + "unknown field \"bogus\"");
        kubectl.run("get", "cm", "unknown", "-n", ns).failed();

        kubectl.create(withUnknown, "-n", ns, "--validate=false").ok();
        assertThat(kubectl.run("get", "cm", "unknown", "-n", ns, "-o", "jsonpath={.data.a}").ok().out())
                .isEqualTo("b");
    }

    @Test
    void staleUpdateIsAConflict() {
        String ns = namespace(kubectl, "e2e-stale");
        kubectl.create(configMapYaml("stale"), "-n", ns).ok();
        String old = kubectl.run("get", "cm", "stale", "-n", ns, "-o", "yaml").ok().out();
        kubectl.run("label", "cm", "stale", "moved=on", "-n", ns).ok();
        Kubectl.Result replaced = kubectl.withInput(old.replace("a: b", "a: mine"), "replace", "-f", "-", "-n", ns)
                .failed();
        assertThat(firstErrorLine(replaced)).isEqualTo("Error from server (Conflict): error when replacing \"STDIN\": "
                + "Operation cannot be fulfilled on configmaps \"stale\": the object has been modified; please "
                + "apply your changes to the latest version and try again");
        assertThat(kubectl.run("get", "cm", "stale", "-n", ns, "-o", "jsonpath={.data.a} {.metadata.labels.moved}")
                .ok().out()).isEqualTo("b on");
    }

    @Test
    void finalizerHoldsDeletionUntilRemoved() {
        String ns = namespace(kubectl, "e2e-finalizer");
        kubectl.create("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: held
                  finalizers: [e2e.jube.io/hold]
                data: {a: b}
                """, "-n", ns).ok();
        assertThat(kubectl.run("delete", "cm", "held", "--wait=false", "-n", ns).ok().out().strip())
                .isEqualTo("configmap \"held\" deleted");
        String deletion = kubectl.run("get", "cm", "held", "-n", ns, "-o",
                "jsonpath={.metadata.deletionTimestamp}|{.metadata.finalizers[0]}").ok().out();
        assertThat(deletion).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\|e2e.jube.io/hold");

        // while terminating, new finalizers cannot be added but the object can still be read and patched
        assertThat(kubectl.run("patch", "cm", "held", "-n", ns, "--type=merge", "-p",
                "{\"metadata\":{\"finalizers\":null}}").ok().out().strip()).isEqualTo("configmap/held patched");
        await("the configmap is gone once its finalizer is removed").atMost(Duration.ofSeconds(15))
                .until(() -> firstErrorLine(kubectl.run("get", "cm", "held", "-n", ns))
                        .equals("Error from server (NotFound): configmaps \"held\" not found"));
    }

    private static String configMapYaml(String name) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: %s
                data:
                  a: b
                """.formatted(name);
    }

    private static String pod(String name) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                spec:
                  containers:
                  - name: main
                    image: busybox
                    command: ["sleep", "3600"]
                """.formatted(name);
    }
}
