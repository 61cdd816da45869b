package io.jube.controllers.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jube.controllers.ControllerCluster;
import io.jube.controllers.framework.OwnerRefs;
import io.jube.controllers.framework.Pods;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicationManagerTest {
    @TempDir
    static Path tmp;
    static ControllerCluster env;
    static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        env = ControllerCluster.withKubelet(tmp, Set.of("replicationcontroller"),
                p -> true);
        client = env.client();
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Test
    void keepsReplicasThroughDeletionAndScaling() {
        String ns = env.namespace("rc");
        // no selector: the API server defaults it from the template labels, as kubectl users rely on
        ReplicationController rc = new ReplicationControllerBuilder().withNewMetadata().withName("x").endMetadata()
                .withNewSpec().withReplicas(3)
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "x")).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx:1").endContainer().endSpec()
                .endTemplate().endSpec().build();
        client.replicationControllers().inNamespace(ns).resource(rc).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> active(ns).size() == 3);
        assertThat(active(ns)).allSatisfy(p -> {
            assertThat(p.getMetadata().getName()).matches("x-[a-z0-9]{5}");
            assertThat(OwnerRefs.controllerOf(p).orElseThrow().getKind()).isEqualTo("ReplicationController");
        });
        client.pods().inNamespace(ns).delete();
        await().atMost(Duration.ofSeconds(20)).until(() -> active(ns).size() == 3);
        client.replicationControllers().inNamespace(ns).withName("x").scale(4);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            ReplicationController r = client.replicationControllers().inNamespace(ns).withName("x").get();
            assertThat(active(ns)).hasSize(4);
            assertThat(r.getStatus().getReplicas()).isEqualTo(4);
            assertThat(r.getStatus().getReadyReplicas()).isEqualTo(4);
            assertThat(r.getStatus().getAvailableReplicas()).isEqualTo(4);
            assertThat(r.getStatus().getObservedGeneration()).isEqualTo(r.getMetadata().getGeneration());
        });
    }

    private static List<Pod> active(String ns) {
        return client.pods().inNamespace(ns).list().getItems().stream().filter(Pods::isActive).toList();
    }
}
