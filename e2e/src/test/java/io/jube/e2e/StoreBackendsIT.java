package io.jube.e2e;

import static io.jube.e2e.KubectlSupport.configMap;
import static io.jube.e2e.KubectlSupport.deployment;
import static io.jube.e2e.KubectlSupport.namespace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jube.store.etcd.EtcdServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server on each store backend, driven by kubectl: the etcd backend serves reads, writes and
 * watches; the embedded store keeps acknowledged writes across SIGKILL; SIGTERM stops cleanly.
 */
class StoreBackendsIT {
    private static final String DATA = "jsonpath={.metadata.uid} {.metadata.resourceVersion} {.data.a}";

    @Test
    void readyOutputTellsTheUserHowToConnect() {
        Prerequisites.kubectl();
        try (JubeServer server = JubeServer.start("ready-output")) {
            assertThat(server.log().lines()).contains("export KUBECONFIG=" + server.kubeconfig())
                    .anyMatch(l -> l.startsWith("jube: API server ready at https://127.0.0.1:" + server.port()));
            int ready = server.log().lines().indexOf(server.log().lines().stream()
                    .filter(l -> l.startsWith("jube: API server ready at ")).findFirst().orElseThrow());
            assertThat(server.log().lines().indexOf("export KUBECONFIG=" + server.kubeconfig()))
                    .as("the export line follows the ready line").isGreaterThan(ready);
            assertThat(server.client().get("/livez").code()).isEqualTo(200);
            assertThat(server.kubectl().run("get", "ns", "default", "-o", "name").ok().out().strip())
                    .isEqualTo("namespace/default");
        }
    }

    @Test
    void embeddedStoreKeepsAcknowledgedWritesAcrossSigkill() {
        Prerequisites.kubectl();
        try (JubeServer server = JubeServer.start("embedded-kill")) {
            Kubectl kubectl = server.kubectl();
            String ns = namespace(kubectl, "e2e-durable");
            configMap(kubectl, ns, "kept", "a=b");
            configMap(kubectl, ns, "gone");
            kubectl.run("delete", "configmap", "gone", "-n", ns).ok();
            String before = kubectl.run("get", "cm", "kept", "-n", ns, "-o", DATA).ok().out();
            long lastRv = Long.parseLong(server.client().get("/api/v1/namespaces/" + ns + "/configmaps").json()
                    .at("/metadata/resourceVersion").asText());

            server.kill();
            server.restart();

            assertThat(kubectl.run("get", "cm", "kept", "-n", ns, "-o", DATA).ok().out())
                    .as("same uid, resourceVersion and data after SIGKILL").isEqualTo(before);
            assertThat(KubectlSupport.firstErrorLine(kubectl.run("get", "cm", "gone", "-n", ns).failed()))
                    .isEqualTo("Error from server (NotFound): configmaps \"gone\" not found");
            assertThat(kubectl.run("get", "ns", ns, "-o", "jsonpath={.status.phase}").ok().out()).isEqualTo("Active");

            configMap(kubectl, ns, "after");
            long afterRv = Long.parseLong(kubectl.run("get", "cm", "after", "-n", ns, "-o",
                    "jsonpath={.metadata.resourceVersion}").ok().out());
            assertThat(afterRv).as("resourceVersions keep increasing after a restart").isGreaterThan(lastRv);
        }
    }

    @Test
    void sigtermStopsCleanlyAndTheDataIsThereOnRestart() {
        Prerequisites.kubectl();
        try (JubeServer server = JubeServer.start("embedded-term")) {
            Kubectl kubectl = server.kubectl();
            String ns = namespace(kubectl, "e2e-term");
            configMap(kubectl, ns, "kept", "a=b");
            String before = kubectl.run("get", "cm", "kept", "-n", ns, "-o", DATA).ok().out();

            int code = server.stop(); // fails the test unless the process exits within 10 s
            assertThat(code).as("exit code after SIGTERM; log:\n%s", server.log().tail(30)).isIn(0, 143);
            assertThat(server.log().text()).doesNotContain("Exception in thread");

            server.restart();
            assertThat(kubectl.run("get", "cm", "kept", "-n", ns, "-o", DATA).ok().out()).isEqualTo(before);
        }
    }

    @Test
    void etcdStoreServesKubectl(@TempDir Path dir) {
        Prerequisites.kubectl();
        Prerequisites.etcd();
        try (EtcdServer etcd = EtcdServer.start();
                JubeServer server = JubeServer.start("etcd", "--store", "etcd", "--etcd-endpoints", etcd.endpoint())) {
            Kubectl kubectl = server.kubectl();
            String ns = namespace(kubectl, "e2e-etcd");
            configMap(kubectl, ns, "one", "a=b");
            assertThat(kubectl.run("get", "cm", "one", "-n", ns, "-o", "jsonpath={.data.a}").ok().out())
                    .isEqualTo("b");
            kubectl.run("patch", "cm", "one", "-n", ns, "--type=merge", "-p", "{\"data\":{\"a\":\"c\"}}").ok();
            assertThat(kubectl.run("get", "cm", "one", "-n", ns, "-o", "jsonpath={.data.a}").ok().out())
                    .isEqualTo("c");

            try (Kubectl.Background watch = kubectl.background(dir.resolve("watch.out"), "get", "cm", "-w",
                    "-n", ns)) {
                await("the watch lists the existing configmap").atMost(Duration.ofSeconds(20))
                        .until(() -> watch.output().text().lines().anyMatch(l -> l.startsWith("one ")));
                configMap(kubectl, ns, "watched");
                await("the watch prints the new configmap").atMost(Duration.ofSeconds(20))
                        .until(() -> watch.output().text().lines().anyMatch(l -> l.startsWith("watched ")));
            }

            // the state lives in etcd: a SIGKILLed server comes back with it
            String before = kubectl.run("get", "cm", "one", "-n", ns, "-o", DATA).ok().out();
            server.kill();
            server.restart();
            assertThat(kubectl.run("get", "cm", "one", "-n", ns, "-o", DATA).ok().out()).isEqualTo(before);
            kubectl.run("delete", "cm", "one", "-n", ns).ok();
            kubectl.run("get", "cm", "one", "-n", ns).failed();
        }
    }
}
