package io.jube.controllers.podgc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jube.controllers.Cluster;
import io.jube.controllers.Harness;
import io.jube.controllers.framework.Pods;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodGarbageCollectorTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir
    static Path tmp;
    static Cluster cluster;
    static KubernetesClient client;
    static Harness podgc;

    @BeforeAll
    static void start() throws Exception {
        cluster = new Cluster(tmp);
        client = cluster.client();
        // a threshold of 3 terminated pods and a 1s sweep, so the test sees it act
        podgc = new Harness(cluster.newClient(), new PodGarbageCollector(3, Duration.ofSeconds(1)));
    }

    @AfterAll
    static void stop() {
        podgc.close();
        cluster.close();
    }

    static Pod pod(String name, String node) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withNodeName(node)
                .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build();
    }

    @Test
    void podsOfDeletedNodesAreForceDeleted() {
        String ns = cluster.namespace("pgc");
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("short-lived").endMetadata().build()).create();
        client.pods().inNamespace(ns).resource(pod("on-ghost", "never-existed")).create();
        client.pods().inNamespace(ns).resource(pod("on-short-lived", "short-lived")).create();
        await().atMost(WAIT).until(() -> client.pods().inNamespace(ns).withName("on-ghost").get() == null);
        assertThat(client.pods().inNamespace(ns).withName("on-short-lived").get()).isNotNull();

        client.nodes().withName("short-lived").delete();
        await().atMost(WAIT).until(() -> client.pods().inNamespace(ns).withName("on-short-lived").get() == null);
    }

    @Test
    void terminatedPodsBeyondTheThresholdAreDeletedOldestFirst() {
        String ns = cluster.namespace("pgc");
        for (int i = 0; i < 5; i++) {
            Pod p = client.pods().inNamespace(ns).resource(pod("done-" + i, null)).create();
            p.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase(i % 2 == 0 ? "Succeeded" : "Failed").build());
            client.pods().resource(p).updateStatus();
        }
        client.pods().inNamespace(ns).resource(pod("pending", null)).create();
        await().atMost(WAIT).until(() -> terminated(ns).size() == 3);
        assertThat(client.pods().inNamespace(ns).withName("pending").get()).isNotNull();
        // all were created within the same second or two; the survivors are never older than the deleted ones
        assertThat(terminated(ns)).extracting(p -> p.getMetadata().getName()).doesNotContain("done-0");
    }

    static List<Pod> terminated(String ns) {
        return client.pods().inNamespace(ns).list().getItems().stream()
                .filter(p -> "Succeeded".equals(Pods.phase(p)) || "Failed".equals(Pods.phase(p))).toList();
    }
}
