package io.jube.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler against a real API server: binding, FailedScheduling, preemption, leader election. */
class SchedulerIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir
    Path tmp;
    Cluster cluster;
    Scheduler scheduler;

    @BeforeEach
    void up() throws Exception {
        cluster = new Cluster(tmp);
    }

    @AfterEach
    void down() {
        if (scheduler != null) {
            scheduler.close();
        }
        cluster.close();
    }

    private void startScheduler() {
        scheduler = new Scheduler(cluster.client, Scheduler.Options.defaults().withIdentity("test-scheduler"));
        scheduler.start();
    }

    private PodCondition scheduledCondition(String pod) {
        Pod p = cluster.get(pod);
        if (p == null || p.getStatus() == null || p.getStatus().getConditions() == null) {
            return null;
        }
        return p.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst().orElse(null);
    }

    private List<Event> events(String pod, String reason) {
        return cluster.client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> pod.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason())).toList();
    }

    @Test
    void bindsPodsToNodesWithRoomAndRecordsScheduledEvent() {
        cluster.node("small", "1", "1Gi", Map.of("size", "small"));
        cluster.node("big", "8", "16Gi", Map.of("size", "big"));
        startScheduler();
        cluster.create(Cluster.pod("web", "2", "1Gi").build());

        await().atMost(WAIT).until(() -> "big".equals(cluster.nodeOf("web")));
        await().atMost(WAIT).until(() -> !events("web", "Scheduled").isEmpty());
        Event e = events("web", "Scheduled").get(0);
        assertThat(e.getMessage()).isEqualTo("Successfully assigned default/web to big");
        assertThat(e.getType()).isEqualTo("Normal");
        assertThat(e.getSource().getComponent()).isEqualTo("default-scheduler");
    }

    @Test
    void respectsNodeSelectorAndTaints() {
        cluster.node("a", "4", "8Gi", Map.of("disk", "hdd"));
        cluster.node("b", "4", "8Gi", Map.of("disk", "ssd"),
                new Taint("NoSchedule", "dedicated", null, "db"));
        cluster.node("c", "4", "8Gi", Map.of("disk", "ssd"));
        startScheduler();
        cluster.create(Cluster.pod("sel", "100m", "64Mi").editSpec().withNodeSelector(Map.of("disk", "ssd")).endSpec().build());
        cluster.create(Cluster.pod("tol", "100m", "64Mi").editSpec().withNodeSelector(Map.of("disk", "ssd"))
                .addNewToleration().withKey("dedicated").withOperator("Equal").withValue("db").withEffect("NoSchedule")
                .endToleration().withNodeName(null).endSpec().build());

        await().atMost(WAIT).until(() -> cluster.nodeOf("sel") != null && cluster.nodeOf("tol") != null);
        assertThat(cluster.nodeOf("sel")).isEqualTo("c");
        assertThat(cluster.nodeOf("tol")).isIn("b", "c");
    }

    @Test
    void unschedulablePodGetsConditionAndFailedSchedulingEventWithKubernetesMessage() {
        cluster.node("n1", "1", "1Gi", Map.of("zone", "y"));
        cluster.node("n2", "1", "1Gi", Map.of("zone", "y"));
        cluster.node("n3", "8", "8Gi", Map.of("zone", "x"));
        startScheduler();
        cluster.create(Cluster.pod("huge", "4", "1Gi").editSpec().withNodeSelector(Map.of("zone", "y")).endSpec().build());

        String expected = "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 Insufficient cpu. "
                + "preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, "
                + "2 No preemption victims found for incoming pod.";
        await().atMost(WAIT).untilAsserted(() -> {
            PodCondition c = scheduledCondition("huge");
            assertThat(c).isNotNull();
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("Unschedulable");
            assertThat(c.getMessage()).isEqualTo(expected);
        });
        await().atMost(WAIT).until(() -> !events("huge", "FailedScheduling").isEmpty());
        Event e = events("huge", "FailedScheduling").get(0);
        assertThat(e.getType()).isEqualTo("Warning");
        assertThat(e.getMessage()).isEqualTo(expected);
        assertThat(e.getSource().getComponent()).isEqualTo("default-scheduler");
    }

    @Test
    void pendingPodIsScheduledWhenANodeAppears() {
        cluster.node("tiny", "500m", "1Gi", Map.of());
        startScheduler();
        cluster.create(Cluster.pod("waits", "2", "1Gi").build());
        await().atMost(WAIT).until(() -> scheduledCondition("waits") != null);
        assertThat(cluster.nodeOf("waits")).isNull();

        cluster.node("roomy", "4", "8Gi", Map.of());
        await().atMost(WAIT).until(() -> "roomy".equals(cluster.nodeOf("waits")));
    }

    @Test
    void missingClaimMakesPodUnschedulable() {
        cluster.node("n1", "4", "8Gi", Map.of());
        startScheduler();
        cluster.create(Cluster.pod("vol", "100m", "64Mi").editSpec().addNewVolume().withName("data")
                .withNewPersistentVolumeClaim().withClaimName("nope").endPersistentVolumeClaim().endVolume().endSpec().build());
        await().atMost(WAIT).untilAsserted(() -> assertThat(scheduledCondition("vol")).isNotNull()
                .extracting(PodCondition::getMessage).isEqualTo("0/1 nodes are available: persistentvolumeclaim \"nope\" not found. "
                        + "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."));
    }

    @Test
    void antiAffinitySpreadsReplicasAcrossNodes() {
        for (String n : List.of("n1", "n2", "n3")) {
            cluster.node(n, "4", "8Gi", Map.of("kubernetes.io/hostname", n));
        }
        startScheduler();
        for (int i = 0; i < 3; i++) {
            cluster.create(Cluster.pod("r" + i, "100m", "64Mi").editMetadata().addToLabels("app", "r").endMetadata()
                    .editSpec().withNewAffinity().withNewPodAntiAffinity().addNewRequiredDuringSchedulingIgnoredDuringExecution()
                    .withTopologyKey("kubernetes.io/hostname").withNewLabelSelector().addToMatchLabels("app", "r").endLabelSelector()
                    .endRequiredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().endAffinity().endSpec().build());
        }
        await().atMost(WAIT).until(() -> cluster.nodeOf("r0") != null && cluster.nodeOf("r1") != null && cluster.nodeOf("r2") != null);
        assertThat(List.of(cluster.nodeOf("r0"), cluster.nodeOf("r1"), cluster.nodeOf("r2"))).containsExactlyInAnyOrder("n1", "n2", "n3");

        cluster.create(Cluster.pod("r3", "100m", "64Mi").editMetadata().addToLabels("app", "r").endMetadata()
                .editSpec().withNewAffinity().withNewPodAntiAffinity().addNewRequiredDuringSchedulingIgnoredDuringExecution()
                .withTopologyKey("kubernetes.io/hostname").withNewLabelSelector().addToMatchLabels("app", "r").endLabelSelector()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().endAffinity().endSpec().build());
        await().atMost(WAIT).untilAsserted(() -> assertThat(scheduledCondition("r3")).isNotNull()
                .extracting(PodCondition::getMessage).asString()
                .startsWith("0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules."));
    }

    @Test
    void highPriorityPodPreemptsLowerPriorityPod() {
        cluster.client.scheduling().v1().priorityClasses().resource(new PriorityClassBuilder()
                .withNewMetadata().withName("high").endMetadata().withValue(1000).build()).create();
        cluster.node("only", "1", "2Gi", Map.of());
        startScheduler();
        cluster.create(Cluster.pod("low", "800m", "256Mi").build());
        await().atMost(WAIT).until(() -> "only".equals(cluster.nodeOf("low")));

        cluster.create(Cluster.pod("high", "800m", "256Mi").editSpec().withPriorityClassName("high").endSpec().build());

        // the victim is marked and deleted (bound pods delete gracefully, so a kubelet would finish it: we do it here)
        await().atMost(WAIT).untilAsserted(() -> {
            Pod low = cluster.get("low");
            assertThat(low == null || low.getMetadata().getDeletionTimestamp() != null).isTrue();
            if (low != null) {
                assertThat(low.getStatus().getConditions()).anySatisfy(c -> {
                    assertThat(c.getType()).isEqualTo("DisruptionTarget");
                    assertThat(c.getReason()).isEqualTo("PreemptionByScheduler");
                });
            }
        });
        await().atMost(WAIT).until(() -> {
            Pod high = cluster.get("high");
            return high.getStatus() != null && "only".equals(high.getStatus().getNominatedNodeName());
        });
        if (cluster.get("low") != null) {
            cluster.client.pods().inNamespace("default").withName("low").withGracePeriod(0).delete();
        }
        await().atMost(WAIT).until(() -> "only".equals(cluster.nodeOf("high")));
        assertThat(events("low", "Preempted")).isNotEmpty();
    }

    @Test
    void onlyTheLeaseHolderSchedules() {
        cluster.node("n1", "4", "8Gi", Map.of());
        startScheduler();
        await().atMost(WAIT).until(() -> scheduler.isLeading());
        Scheduler standby = new Scheduler(cluster.client, Scheduler.Options.defaults().withIdentity("standby"));
        try {
            standby.start();
            cluster.create(Cluster.pod("p", "100m", "64Mi").build());
            await().atMost(WAIT).until(() -> "n1".equals(cluster.nodeOf("p")));
            assertThat(standby.isLeading()).isFalse();
            var lease = cluster.client.leases().inNamespace("kube-system").withName("kube-scheduler").get();
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("test-scheduler");
        } finally {
            standby.close();
        }
    }
}
