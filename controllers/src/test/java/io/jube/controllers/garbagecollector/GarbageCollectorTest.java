package io.jube.controllers.garbagecollector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.jube.controllers.ControllerCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cascading deletion of Deployment → ReplicaSet → Pods in the three propagation modes, as kubectl requests them. */
class GarbageCollectorTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir
    static Path tmp;
    static ControllerCluster env;
    static KubernetesClient client;
    String ns;

    @BeforeAll
    static void start() throws Exception {
        env = ControllerCluster.start(tmp, Set.of("deployment", "replicaset", "garbagecollector"));
        client = env.client();
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @BeforeEach
    void namespace() {
        ns = env.namespace("gc");
    }

    /** A deployment whose 2 pods (never scheduled: no scheduler runs) exist with their ReplicaSet. */
    Deployment deployment(String name) {
        Map<String, String> labels = Map.of("app", name);
        client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx:1").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        await().atMost(WAIT).until(() -> replicaSets().size() == 1 && pods().size() == 2);
        return client.apps().deployments().inNamespace(ns).withName(name).get();
    }

    List<ReplicaSet> replicaSets() {
        return client.apps().replicaSets().inNamespace(ns).list().getItems();
    }

    List<Pod> pods() {
        return client.pods().inNamespace(ns).list().getItems();
    }

    @Test
    void backgroundDeletionRemovesReplicaSetsAndPodsAfterTheOwner() {
        deployment("bg");
        client.apps().deployments().inNamespace(ns).withName("bg").withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        assertThat(client.apps().deployments().inNamespace(ns).withName("bg").get()).isNull(); // the owner goes at once
        await().atMost(WAIT).until(() -> replicaSets().isEmpty() && pods().isEmpty());
    }

    @Test
    void foregroundDeletionRemovesDependentsBeforeTheOwner() throws Exception {
        deployment("fg");
        List<String> deletions = new CopyOnWriteArrayList<>();
        try (Watch w1 = client.apps().deployments().inNamespace(ns).watch(recorder(deletions));
             Watch w2 = client.apps().replicaSets().inNamespace(ns).watch(recorder(deletions));
             Watch w3 = client.pods().inNamespace(ns).watch(recorder(deletions))) {
            client.apps().deployments().inNamespace(ns).withName("fg").withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
            Deployment deleting = client.apps().deployments().inNamespace(ns).withName("fg").get();
            assertThat(deleting).isNotNull(); // kept until its dependents are gone
            assertThat(deleting.getMetadata().getFinalizers()).contains("foregroundDeletion");
            await().atMost(WAIT).until(() -> client.apps().deployments().inNamespace(ns).withName("fg").get() == null);
            assertThat(replicaSets()).isEmpty();
            assertThat(pods()).isEmpty();
            await().atMost(WAIT).until(() -> deletions.contains("Deployment"));
        }
        // pods before their ReplicaSet, the ReplicaSet before the Deployment
        assertThat(deletions).containsExactly("Pod", "Pod", "ReplicaSet", "Deployment");
    }

    @Test
    void orphanDeletionKeepsDependentsAndDropsTheirReferences() {
        Deployment d = deployment("orph");
        String rsName = replicaSets().get(0).getMetadata().getName();
        client.apps().deployments().inNamespace(ns).withName("orph").withPropagationPolicy(DeletionPropagation.ORPHAN).delete();
        await().atMost(WAIT).until(() -> client.apps().deployments().inNamespace(ns).withName("orph").get() == null);
        await().atMost(WAIT).until(() -> replicaSets().stream()
                .allMatch(rs -> rs.getMetadata().getOwnerReferences() == null || rs.getMetadata().getOwnerReferences().isEmpty()));
        assertThat(replicaSets()).extracting(rs -> rs.getMetadata().getName()).containsExactly(rsName);
        assertThat(pods()).hasSize(2).allSatisfy(p -> assertThat(p.getMetadata().getOwnerReferences())
                .extracting(r -> r.getName()).containsExactly(rsName));
        assertThat(d.getMetadata().getUid()).isNotNull();
    }

    @Test
    void dependentIsKeptWhileAnyOwnerRemainsAndLosesTheDanglingReference() {
        ConfigMap a = client.configMaps().inNamespace(ns).resource(cm("a")).create();
        ConfigMap b = client.configMaps().inNamespace(ns).resource(cm("b")).create();
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder(cm("child")).editMetadata()
                .withOwnerReferences(ref(a), ref(b)).endMetadata().build()).create();
        client.configMaps().inNamespace(ns).withName("a").delete();
        await().atMost(WAIT).until(() -> client.configMaps().inNamespace(ns).withName("child").get()
                .getMetadata().getOwnerReferences().size() == 1);
        assertThat(client.configMaps().inNamespace(ns).withName("child").get().getMetadata().getOwnerReferences())
                .extracting(r -> r.getName()).containsExactly("b");
        client.configMaps().inNamespace(ns).withName("b").delete();
        await().atMost(WAIT).until(() -> client.configMaps().inNamespace(ns).withName("child").get() == null);
    }

    @Test
    void ownerThatNeverExistedMeansTheDependentIsCollected() {
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder(cm("stray")).editMetadata()
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap")
                        .withName("ghost").withUid("00000000-0000-0000-0000-000000000001").build())
                .endMetadata().build()).create();
        await().atMost(WAIT).until(() -> client.configMaps().inNamespace(ns).withName("stray").get() == null);
    }

    static ConfigMap cm(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().build();
    }

    static io.fabric8.kubernetes.api.model.OwnerReference ref(ConfigMap owner) {
        return new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap")
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).build();
    }

    static <T extends io.fabric8.kubernetes.api.model.HasMetadata> Watcher<T> recorder(List<String> deletions) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, T resource) {
                if (action == Action.DELETED) {
                    deletions.add(resource.getKind());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        };
    }
}
