package io.jube.controllers.replicaset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicaSetControllerTest {
    @TempDir
    static Path tmp;
    static ControllerCluster env;
    static KubernetesClient client;
    String ns;

    @BeforeAll
    static void start() throws Exception {
        env = ControllerCluster.withKubelet(tmp, Set.of("replicaset"),
                p -> !"false".equals(p.getMetadata().getLabels().get("ready")));
        client = env.client();
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @BeforeEach
    void namespace() {
        ns = env.namespace("rs");
    }

    static ReplicaSet rs(String name, int replicas, Map<String, String> labels) {
        return new ReplicaSetBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx:1").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    List<Pod> activePods() {
        return client.pods().inNamespace(ns).list().getItems().stream().filter(Pods::isActive).toList();
    }

    ReplicaSet get(String name) {
        return client.apps().replicaSets().inNamespace(ns).withName(name).get();
    }

    @Test
    void createsPodsNamedAfterTheOwnerWithAControllerReference() {
        ReplicaSet created = client.apps().replicaSets().inNamespace(ns).resource(rs("web", 3, Map.of("app", "web"))).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> activePods().size() == 3);
        for (Pod p : activePods()) {
            assertThat(p.getMetadata().getName()).matches("web-[a-z0-9]{5}");
            OwnerReference ref = OwnerRefs.controllerOf(p).orElseThrow();
            assertThat(ref.getKind()).isEqualTo("ReplicaSet");
            assertThat(ref.getApiVersion()).isEqualTo("apps/v1");
            assertThat(ref.getName()).isEqualTo("web");
            assertThat(ref.getUid()).isEqualTo(created.getMetadata().getUid());
            assertThat(ref.getBlockOwnerDeletion()).isTrue();
            assertThat(p.getMetadata().getLabels()).containsEntry("app", "web");
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                client.v1().events().inNamespace(ns).list().getItems())
                .anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo("SuccessfulCreate");
                    assertThat(e.getMessage()).startsWith("Created pod: web-");
                    assertThat(e.getSource().getComponent()).isEqualTo("replicaset-controller");
                    assertThat(e.getInvolvedObject().getKind()).isEqualTo("ReplicaSet");
                    assertThat(e.getInvolvedObject().getName()).isEqualTo("web");
                    assertThat(e.getMetadata().getName()).startsWith("web.");
                }));
    }

    @Test
    void replacesDeletedPods() {
        client.apps().replicaSets().inNamespace(ns).resource(rs("heal", 3, Map.of("app", "heal"))).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> activePods().size() == 3);
        List<String> before = activePods().stream().map(p -> p.getMetadata().getName()).toList();
        client.pods().inNamespace(ns).withName(before.get(0)).delete();
        client.pods().inNamespace(ns).withName(before.get(1)).delete();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<String> now = activePods().stream().map(p -> p.getMetadata().getName()).toList();
            assertThat(now).hasSize(3).doesNotContain(before.get(0), before.get(1)).contains(before.get(2));
        });
    }

    @Test
    void scalesUpAndDown() {
        client.apps().replicaSets().inNamespace(ns).resource(rs("scale", 2, Map.of("app", "scale"))).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> activePods().size() == 2);
        client.apps().replicaSets().inNamespace(ns).withName("scale").scale(5);
        await().atMost(Duration.ofSeconds(20)).until(() -> activePods().size() == 5);
        client.apps().replicaSets().inNamespace(ns).withName("scale").scale(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> activePods().size() == 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> get("scale").getStatus().getReplicas() == 1);
    }

    @Test
    void scaleDownDeletesUnreadyPodsFirst() {
        client.apps().replicaSets().inNamespace(ns).resource(rs("prefer", 2, Map.of("app", "prefer"))).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> activePods().stream().filter(Pods::isReady).count() == 2);
        // an orphan that never becomes ready is adopted; the ReplicaSet then has one too many
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("laggard")
                .withLabels(Map.of("app", "prefer", "ready", "false")).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx:1").endContainer().endSpec().build()).create();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(activePods()).hasSize(2).allMatch(Pods::isReady);
            assertThat(client.pods().inNamespace(ns).withName("laggard").get()).isNull();
        });
    }

    @Test
    void adoptsMatchingOrphans() {
        for (String name : List.of("orphan-a", "orphan-b")) {
            client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(name)
                    .withLabels(Map.of("app", "adopt")).endMetadata()
                    .withNewSpec().addNewContainer().withName("c").withImage("nginx:1").endContainer().endSpec().build())
                    .create();
        }
        ReplicaSet created = client.apps().replicaSets().inNamespace(ns).resource(rs("adopt", 3, Map.of("app", "adopt"))).create();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<Pod> pods = activePods();
            assertThat(pods).hasSize(3);
            assertThat(pods).allSatisfy(p -> assertThat(OwnerRefs.controllerOf(p).orElseThrow().getUid())
                    .isEqualTo(created.getMetadata().getUid()));
            assertThat(pods).extracting(p -> p.getMetadata().getName()).contains("orphan-a", "orphan-b");
        });
    }

    @Test
    void releasesPodsThatStopMatchingAndReplacesThem() {
        client.apps().replicaSets().inNamespace(ns).resource(rs("release", 2, Map.of("app", "release"))).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> activePods().size() == 2);
        String victim = activePods().get(0).getMetadata().getName();
        client.pods().inNamespace(ns).withName(victim).patch(
                io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"app\":\"debug\"}}}");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Pod released = client.pods().inNamespace(ns).withName(victim).get();
            assertThat(released.getMetadata().getOwnerReferences()).isNullOrEmpty();
            List<Pod> owned = activePods().stream().filter(p -> OwnerRefs.controllerOf(p).isPresent()).toList();
            assertThat(owned).hasSize(2).noneMatch(p -> p.getMetadata().getName().equals(victim));
        });
    }

    @Test
    void podsOfAnotherControllerAreNotAdopted() {
        client.apps().replicaSets().inNamespace(ns).resource(rs("first", 1, Map.of("app", "shared"))).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> activePods().size() == 1);
        client.apps().replicaSets().inNamespace(ns).resource(rs("second", 1, Map.of("app", "shared"))).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> activePods().size() == 2);
        assertThat(activePods()).extracting(p -> OwnerRefs.controllerOf(p).orElseThrow().getName())
                .containsExactlyInAnyOrder("first", "second");
    }

    @Test
    void reportsStatusCounters() {
        client.apps().replicaSets().inNamespace(ns).resource(rs("status", 3, Map.of("app", "status"))).create();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            ReplicaSet r = get("status");
            assertThat(r.getStatus()).isNotNull();
            assertThat(r.getStatus().getReplicas()).isEqualTo(3);
            assertThat(r.getStatus().getFullyLabeledReplicas()).isEqualTo(3);
            assertThat(r.getStatus().getReadyReplicas()).isEqualTo(3);
            assertThat(r.getStatus().getAvailableReplicas()).isEqualTo(3);
            assertThat(r.getStatus().getObservedGeneration()).isEqualTo(r.getMetadata().getGeneration());
        });
        // a spec change bumps generation; the controller observes it
        client.apps().replicaSets().inNamespace(ns).withName("status").scale(2);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            ReplicaSet r = get("status");
            assertThat(r.getMetadata().getGeneration()).isEqualTo(2);
            assertThat(r.getStatus().getObservedGeneration()).isEqualTo(2);
            assertThat(r.getStatus().getReplicas()).isEqualTo(2);
        });
    }

    @Test
    void minReadySecondsDelaysAvailability() {
        ReplicaSet spec = rs("slow", 1, Map.of("app", "slow"));
        spec.getSpec().setMinReadySeconds(2);
        client.apps().replicaSets().inNamespace(ns).resource(spec).create();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            ReplicaSet r = get("slow");
            assertThat(r.getStatus()).isNotNull();
            assertThat(r.getStatus().getReadyReplicas()).isEqualTo(1);
            assertThat(r.getStatus().getAvailableReplicas()).isZero();
        });
        // no pod event comes when minReadySeconds pass: the controller's own requeue must notice
        await().atMost(Duration.ofSeconds(20)).until(() -> get("slow").getStatus().getAvailableReplicas() == 1);
    }

    @Test
    void podCreatesRefusedInATerminatingNamespaceAreNotAFailure() {
        client.apps().replicaSets().inNamespace(ns).resource(rs("doomed", 0, Map.of("app", "doomed"))).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> get("doomed").getStatus() != null);
        // no namespace controller runs here: the namespace stays Terminating and refuses every create
        client.namespaces().withName(ns).delete();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> client.namespaces().withName(ns).get().getMetadata().getDeletionTimestamp() != null);

        client.apps().replicaSets().inNamespace(ns).withName("doomed").scale(2);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(get("doomed").getStatus().getObservedGeneration()).isEqualTo(2));
        // Kubernetes ignores NamespaceTerminating: no ReplicaFailure condition (FailedCreate) is reported
        assertThat(get("doomed").getStatus().getConditions()).extracting("type").doesNotContain("ReplicaFailure");
        assertThat(activePods()).isEmpty();
    }
}
