package io.jube.controllers.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.jube.controllers.Cluster;
import io.jube.controllers.Harness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistentVolumeControllerTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir
    static Path tmp;
    static Cluster cluster;
    static KubernetesClient client;
    static Harness controllers;
    static Path dataDir;
    String ns;

    @BeforeAll
    static void start() throws Exception {
        cluster = new Cluster(tmp);
        client = cluster.client();
        dataDir = tmp.resolve("storage");
        controllers = new Harness(cluster.newClient(), new PersistentVolumeController(dataDir));
    }

    @AfterAll
    static void stop() {
        controllers.close();
        cluster.close();
    }

    @BeforeEach
    void namespace() {
        ns = cluster.namespace("pv");
    }

    static PersistentVolume pv(String name, String size, String cls, String reclaim, Map<String, String> labels, String... modes) {
        return new PersistentVolumeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withCapacity(Map.of("storage", new Quantity(size))).withAccessModes(modes)
                .withStorageClassName(cls).withPersistentVolumeReclaimPolicy(reclaim)
                .withNewHostPath().withPath("/tmp/" + name).endHostPath().endSpec().build();
    }

    PersistentVolumeClaim pvc(String name, String size, String cls, String... modes) {
        var b = new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withAccessModes(modes).withNewResources().withRequests(Map.of("storage", new Quantity(size)))
                .endResources().withStorageClassName(cls).endSpec();
        return client.persistentVolumeClaims().inNamespace(ns).resource(b.build()).create();
    }

    PersistentVolumeClaim claim(String name) {
        return client.persistentVolumeClaims().inNamespace(ns).withName(name).get();
    }

    PersistentVolume volume(String name) {
        return client.persistentVolumes().withName(name).get();
    }

    static String phase(PersistentVolumeClaim c) {
        return c == null || c.getStatus() == null ? null : c.getStatus().getPhase();
    }

    static String phase(PersistentVolume v) {
        return v == null || v.getStatus() == null ? null : v.getStatus().getPhase();
    }

    @Test
    void createsTheDefaultLocalPathClass() {
        await().atMost(WAIT).until(() -> client.storage().v1().storageClasses().withName("local-path").get() != null);
        StorageClass sc = client.storage().v1().storageClasses().withName("local-path").get();
        assertThat(sc.getMetadata().getAnnotations()).containsEntry("storageclass.kubernetes.io/is-default-class", "true");
        assertThat(sc.getProvisioner()).isEqualTo("rancher.io/local-path");
        assertThat(sc.getVolumeBindingMode()).isEqualTo("WaitForFirstConsumer");
        assertThat(sc.getReclaimPolicy()).isEqualTo("Delete");
    }

    @Test
    void bindsTheSmallestMatchingVolumeAndReleasesOrDeletesItWithTheClaim() {
        String p = ns + "-";
        client.persistentVolumes().resource(pv(p + "small", "1Gi", "manual", "Retain", Map.of(), "ReadWriteOnce")).create();
        client.persistentVolumes().resource(pv(p + "mid", "5Gi", "manual", "Retain", Map.of(), "ReadWriteOnce")).create();
        client.persistentVolumes().resource(pv(p + "big", "10Gi", "manual", "Delete", Map.of(), "ReadWriteOnce")).create();
        client.persistentVolumes().resource(pv(p + "rwx", "5Gi", "manual", "Retain", Map.of(), "ReadWriteMany")).create();
        await().atMost(WAIT).until(() -> "Available".equals(phase(volume(p + "small"))));

        PersistentVolumeClaim c = pvc("data", "3Gi", "manual", "ReadWriteOnce");
        await().atMost(WAIT).until(() -> "Bound".equals(phase(claim("data"))));
        assertThat(claim("data").getSpec().getVolumeName()).isIn(p + "mid", p + "rwx");
        assertThat(claim("data").getSpec().getVolumeName()).isEqualTo(p + "mid"); // rwx lacks ReadWriteOnce
        assertThat(claim("data").getStatus().getCapacity().get("storage")).isEqualTo(new Quantity("5Gi"));
        await().atMost(WAIT).until(() -> "Bound".equals(phase(volume(p + "mid"))));
        assertThat(volume(p + "mid").getSpec().getClaimRef().getUid()).isEqualTo(c.getMetadata().getUid());

        // Retain: the volume stays, Released
        client.persistentVolumeClaims().inNamespace(ns).withName("data").delete();
        await().atMost(WAIT).until(() -> "Released".equals(phase(volume(p + "mid"))));

        // the next claim does not get the released volume; it gets the 10Gi one (Delete policy)
        pvc("more", "4Gi", "manual", "ReadWriteOnce");
        await().atMost(WAIT).until(() -> "Bound".equals(phase(claim("more"))));
        assertThat(claim("more").getSpec().getVolumeName()).isEqualTo(p + "big");
        client.persistentVolumeClaims().inNamespace(ns).withName("more").delete();
        await().atMost(WAIT).until(() -> volume(p + "big") == null);
    }

    @Test
    void claimSelectorsAndVolumeModesMustMatch() {
        String p = ns + "-";
        client.persistentVolumes().resource(pv(p + "slow", "1Gi", "", "Retain", Map.of("speed", "slow"), "ReadWriteOnce")).create();
        client.persistentVolumes().resource(pv(p + "fast", "2Gi", "", "Retain", Map.of("speed", "fast"), "ReadWriteOnce")).create();
        var claim = new PersistentVolumeClaimBuilder().withNewMetadata().withName("fast").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName("")
                .withNewSelector().withMatchLabels(Map.of("speed", "fast")).endSelector()
                .withNewResources().withRequests(Map.of("storage", new Quantity("1Gi"))).endResources().endSpec().build();
        client.persistentVolumeClaims().inNamespace(ns).resource(claim).create();
        await().atMost(WAIT).until(() -> "Bound".equals(phase(claim("fast"))));
        assertThat(claim("fast").getSpec().getVolumeName()).isEqualTo(p + "fast");

        var block = new PersistentVolumeClaimBuilder(claim).editMetadata().withName("block").endMetadata()
                .editSpec().withVolumeMode("Block").withSelector(null).endSpec().build();
        client.persistentVolumeClaims().inNamespace(ns).resource(block).create();
        await().atMost(WAIT).until(() -> "Pending".equals(phase(claim("block"))));
        assertThat(claim("block").getSpec().getVolumeName()).isNullOrEmpty();
    }

    @Test
    void provisionsLocalPathVolumesOnTheSelectedNode() {
        await().atMost(WAIT).until(() -> client.storage().v1().storageClasses().withName("local-path").get() != null);
        PersistentVolumeClaim c = pvc("home", "2Gi", "local-path", "ReadWriteOnce");
        // WaitForFirstConsumer keeps it Pending until the scheduler picks a node
        await().atMost(WAIT).until(() -> "Pending".equals(phase(claim("home"))));
        await().atMost(WAIT).until(() -> client.v1().events().inNamespace(ns).list().getItems().stream()
                .anyMatch(e -> "WaitForFirstConsumer".equals(e.getReason())));
        assertThat(volume("pvc-" + c.getMetadata().getUid())).isNull();

        client.persistentVolumeClaims().inNamespace(ns).withName("home").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"annotations\":{\"volume.kubernetes.io/selected-node\":\"node-a\"}}}");
        String pvName = "pvc-" + c.getMetadata().getUid();
        await().atMost(WAIT).until(() -> "Bound".equals(phase(claim("home"))));
        PersistentVolume v = volume(pvName);
        assertThat(claim("home").getSpec().getVolumeName()).isEqualTo(pvName);
        assertThat(v.getSpec().getHostPath().getPath()).isEqualTo(dataDir.resolve(pvName + "_" + ns + "_home").toString());
        assertThat(v.getSpec().getStorageClassName()).isEqualTo("local-path");
        assertThat(v.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Delete");
        assertThat(v.getSpec().getCapacity().get("storage")).isEqualTo(new Quantity("2Gi"));
        assertThat(v.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms()).singleElement()
                .satisfies(t -> assertThat(t.getMatchExpressions()).singleElement().satisfies(e -> {
                    assertThat(e.getKey()).isEqualTo("kubernetes.io/hostname");
                    assertThat(e.getValues()).isEqualTo(List.of("node-a"));
                }));
        await().atMost(WAIT).until(() -> "Bound".equals(phase(volume(pvName))));

        client.persistentVolumeClaims().inNamespace(ns).withName("home").delete();
        await().atMost(WAIT).until(() -> volume(pvName) == null);
    }
}
