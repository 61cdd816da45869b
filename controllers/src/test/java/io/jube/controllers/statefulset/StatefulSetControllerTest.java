package io.jube.controllers.statefulset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.jube.controllers.WorkloadCluster;
import io.jube.controllers.framework.Pods;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatefulSetControllerTest {
    static final Duration WAIT = Duration.ofSeconds(40);
    @TempDir
    static Path tmp;
    static WorkloadCluster wc;
    static KubernetesClient client;
    String ns;

    @BeforeAll
    static void start() throws Exception {
        wc = new WorkloadCluster(tmp, 2, Set.of("statefulset"));
        client = wc.client();
        // claims wait for their first consumer, so the scheduler places pods without a PV binder running
        client.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata().withName("wffc")
                .endMetadata().withProvisioner("rancher.io/local-path").withVolumeBindingMode("WaitForFirstConsumer")
                .build()).create();
    }

    @AfterAll
    static void stop() {
        wc.close();
    }

    @BeforeEach
    void namespace() {
        ns = wc.cluster.namespace("sts");
    }

    static StatefulSet sts(String name, int replicas, String image, Consumer<StatefulSetBuilder> extra) {
        StatefulSetBuilder b = new StatefulSetBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas).withServiceName(name + "-svc")
                .withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage(image).endContainer().endSpec()
                .endTemplate().endSpec();
        extra.accept(b);
        return b.build();
    }

    StatefulSet get(String name) {
        return client.apps().statefulSets().inNamespace(ns).withName(name).get();
    }

    Pod pod(String name) {
        return client.pods().inNamespace(ns).withName(name).get();
    }

    boolean ready(String name) {
        Pod p = pod(name);
        return p != null && p.getMetadata().getDeletionTimestamp() == null && Pods.isReady(p);
    }

    /** Records, in watch (resourceVersion) order, pod additions, and whether each pod's predecessor was ready then. */
    final class Recorder implements Watcher<Pod>, AutoCloseable {
        final List<String> events = new CopyOnWriteArrayList<>();
        final Map<String, Boolean> readyNow = new ConcurrentHashMap<>();
        final Map<String, Boolean> predecessorReadyAtCreate = new ConcurrentHashMap<>();
        final Watch watch = client.pods().inNamespace(ns).watch(this);

        @Override
        public void eventReceived(Action action, Pod pod) {
            String name = pod.getMetadata().getName();
            int dash = name.lastIndexOf('-');
            int ord = Integer.parseInt(name.substring(dash + 1));
            if (action == Action.ADDED) {
                events.add("add " + name);
                if (ord > 0) {
                    predecessorReadyAtCreate.put(name, readyNow.getOrDefault(name.substring(0, dash + 1) + (ord - 1), false));
                }
            }
            if (pod.getMetadata().getDeletionTimestamp() != null && !events.contains("delete " + name)) {
                events.add("delete " + name);
            }
            readyNow.put(name, action != Action.DELETED && pod.getMetadata().getDeletionTimestamp() == null && Pods.isReady(pod));
        }

        @Override
        public void onClose(WatcherException cause) {
        }

        @Override
        public void close() {
            watch.close();
        }
    }

    /** Like {@code kubectl set image}: a strategic merge patch, which does not race the controller's status writes. */
    void setImage(String name, String image) {
        client.apps().statefulSets().inNamespace(ns).withName(name).patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"" + image + "\"}]}}}}");
    }

    @Test
    void createsOrderedPodsWithStableIdentityAndClaims() {
        try (Recorder rec = new Recorder()) {
            client.apps().statefulSets().inNamespace(ns).resource(sts("web", 3, "nginx:1", b -> b.editSpec()
                    .addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata().withNewSpec()
                    .withAccessModes("ReadWriteOnce").withStorageClassName("wffc").withNewResources()
                    .addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().endVolumeClaimTemplate()
                    .endSpec())).create();

            await().atMost(WAIT).until(() -> ready("web-0") && ready("web-1") && ready("web-2"));
            // each ordinal was created only once its predecessor was Running and Ready
            assertThat(rec.predecessorReadyAtCreate).containsOnlyKeys("web-1", "web-2").containsValues(true).doesNotContainValue(false);
            assertThat(rec.events.stream().filter(e -> e.startsWith("add")).toList())
                    .containsExactly("add web-0", "add web-1", "add web-2");
        }
        await().atMost(WAIT).untilAsserted(() -> {
            StatefulSet s = get("web");
            assertThat(s.getStatus().getReadyReplicas()).isEqualTo(3);
            assertThat(s.getStatus().getAvailableReplicas()).isEqualTo(3);
            assertThat(s.getStatus().getCurrentReplicas()).isEqualTo(3);
            assertThat(s.getStatus().getObservedGeneration()).isEqualTo(s.getMetadata().getGeneration());
            assertThat(s.getStatus().getCurrentRevision()).isNotNull().isEqualTo(s.getStatus().getUpdateRevision());
        });
        StatefulSet s = get("web");
        Pod p1 = pod("web-1");
        assertThat(p1.getSpec().getHostname()).isEqualTo("web-1");
        assertThat(p1.getSpec().getSubdomain()).isEqualTo("web-svc");
        assertThat(p1.getMetadata().getLabels()).containsEntry("statefulset.kubernetes.io/pod-name", "web-1")
                .containsEntry("apps.kubernetes.io/pod-index", "1")
                .containsEntry("controller-revision-hash", s.getStatus().getUpdateRevision());
        assertThat(p1.getSpec().getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo("data");
            assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("data-web-1");
        });
        for (int i = 0; i < 3; i++) {
            PersistentVolumeClaim pvc = client.persistentVolumeClaims().inNamespace(ns).withName("data-web-" + i).get();
            assertThat(pvc).as("claim data-web-" + i).isNotNull();
            assertThat(pvc.getMetadata().getOwnerReferences()).as("Retain: no owner").isNullOrEmpty();
            assertThat(pvc.getMetadata().getLabels()).containsEntry("app", "web");
        }
        List<ControllerRevision> revs = client.apps().controllerRevisions().inNamespace(ns).list().getItems();
        assertThat(revs).singleElement().satisfies(r -> {
            assertThat(r.getMetadata().getName()).isEqualTo(s.getStatus().getUpdateRevision()).startsWith("web-");
            assertThat(r.getRevision()).isEqualTo(1L);
        });

        // a deleted pod comes back under the same name with the same claim
        String oldUid = p1.getMetadata().getUid();
        client.pods().inNamespace(ns).withName("web-1").delete();
        await().atMost(WAIT).until(() -> {
            Pod p = pod("web-1");
            return p != null && !p.getMetadata().getUid().equals(oldUid) && Pods.isReady(p);
        });
        assertThat(pod("web-1").getSpec().getVolumes()).anySatisfy(v ->
                assertThat(v.getPersistentVolumeClaim() == null ? null : v.getPersistentVolumeClaim().getClaimName())
                        .isEqualTo("data-web-1"));
    }

    @Test
    void scalesDownHighestOrdinalFirstOneAtATime() {
        client.apps().statefulSets().inNamespace(ns).resource(sts("db", 3, "pg:1", b -> { })).create();
        await().atMost(WAIT).until(() -> get("db").getStatus() != null && Integer.valueOf(3).equals(get("db").getStatus().getReadyReplicas()));
        try (Recorder rec = new Recorder()) {
            client.apps().statefulSets().inNamespace(ns).withName("db").scale(1);
            await().atMost(WAIT).until(() -> pod("db-1") == null && pod("db-2") == null);
            assertThat(rec.events.stream().filter(e -> e.startsWith("delete")).toList())
                    .containsExactly("delete db-2", "delete db-1");
        }
        assertThat(ready("db-0")).isTrue();
        await().atMost(WAIT).until(() -> Integer.valueOf(1).equals(get("db").getStatus().getReplicas()));
    }

    @Test
    void rollingUpdateGoesInReverseOrderAndHonoursPartition() throws Exception {
        client.apps().statefulSets().inNamespace(ns).resource(sts("kv", 3, "kv:1", b -> b.editSpec()
                .withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate().withPartition(1)
                .endRollingUpdate().endUpdateStrategy().endSpec())).create();
        await().atMost(WAIT).until(() -> get("kv").getStatus() != null && Integer.valueOf(3).equals(get("kv").getStatus().getReadyReplicas()));
        String oldRev = get("kv").getStatus().getCurrentRevision();

        try (Recorder rec = new Recorder()) {
            setImage("kv", "kv:2");
            await().atMost(WAIT).untilAsserted(() -> {
                StatefulSet s = get("kv");
                assertThat(s.getStatus().getUpdateRevision()).isNotEqualTo(oldRev);
                assertThat(s.getStatus().getUpdatedReplicas()).isEqualTo(2);
                assertThat(s.getStatus().getReadyReplicas()).isEqualTo(3);
            });
            String newRev = get("kv").getStatus().getUpdateRevision();
            assertThat(pod("kv-2").getSpec().getContainers().get(0).getImage()).isEqualTo("kv:2");
            assertThat(pod("kv-1").getSpec().getContainers().get(0).getImage()).isEqualTo("kv:2");
            assertThat(pod("kv-1").getMetadata().getLabels()).containsEntry("controller-revision-hash", newRev);
            // below the partition: the old revision stays
            assertThat(pod("kv-0").getSpec().getContainers().get(0).getImage()).isEqualTo("kv:1");
            assertThat(get("kv").getStatus().getCurrentRevision()).isEqualTo(oldRev);
            assertThat(rec.events.stream().filter(e -> e.startsWith("delete")).toList())
                    .containsExactly("delete kv-2", "delete kv-1");
        }
        if (WorkloadCluster.hasKubectl()) {
            var out = wc.kubectl("-n", ns, "rollout", "status", "sts/kv", "--timeout=40s");
            assertThat(out.exitCode()).as(out.output()).isZero();
            assertThat(out.output()).contains("partitioned roll out complete: 2 new pods have been updated");
        }
        client.apps().statefulSets().inNamespace(ns).withName("kv").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":0}}}}");
        if (WorkloadCluster.hasKubectl()) {
            var out = wc.kubectl("-n", ns, "rollout", "status", "sts/kv", "--timeout=40s");
            assertThat(out.exitCode()).as(out.output()).isZero();
            // kubectl reports every RollingUpdate with a rollingUpdate block (partition defaults to 0) this way
            assertThat(out.output()).contains("partitioned roll out complete: 3 new pods have been updated");
        }
        await().atMost(WAIT).untilAsserted(() -> {
            StatefulSet s = get("kv");
            assertThat(s.getStatus().getUpdatedReplicas()).isEqualTo(3);
            assertThat(s.getStatus().getCurrentRevision()).isEqualTo(s.getStatus().getUpdateRevision());
            assertThat(s.getStatus().getCurrentReplicas()).isEqualTo(3);
        });
        assertThat(pod("kv-0").getSpec().getContainers().get(0).getImage()).isEqualTo("kv:2");
        List<ControllerRevision> revs = client.apps().controllerRevisions().inNamespace(ns).list().getItems();
        assertThat(revs).extracting(ControllerRevision::getRevision).containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void parallelCreatesAllAndOnDeleteWaitsForDeletion() {
        client.apps().statefulSets().inNamespace(ns).resource(sts("par", 3, "p:1", b -> b.editSpec()
                .withPodManagementPolicy("Parallel").withNewUpdateStrategy().withType("OnDelete").endUpdateStrategy()
                .endSpec())).create();
        await().atMost(WAIT).until(() -> ready("par-0") && ready("par-1") && ready("par-2"));
        setImage("par", "p:2");
        await().atMost(WAIT).until(() -> !get("par").getStatus().getUpdateRevision().equals(get("par").getStatus().getCurrentRevision()));
        client.pods().inNamespace(ns).withName("par-1").delete();
        await().atMost(WAIT).until(() -> ready("par-1") && "p:2".equals(pod("par-1").getSpec().getContainers().get(0).getImage()));
        await().atMost(WAIT).until(() -> Integer.valueOf(1).equals(get("par").getStatus().getUpdatedReplicas()));
        // OnDelete: the pods nobody deleted keep the old template
        assertThat(pod("par-0").getSpec().getContainers().get(0).getImage()).isEqualTo("p:1");
        assertThat(pod("par-2").getSpec().getContainers().get(0).getImage()).isEqualTo("p:1");
    }
}
