package io.jube.agent;

import static io.jube.agent.TestPods.createOn;
import static io.jube.agent.TestPods.get;
import static io.jube.agent.TestPods.phase;
import static io.jube.agent.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many simulated nodes in one process, and adoption of annotated Node objects. */
class SimClusterTest {
    @TempDir
    Path tmp;
    ApiServerFixture api;
    KubernetesClient client;
    SimCluster sim;

    @BeforeEach
    void start() throws Exception {
        api = new ApiServerFixture(tmp);
        client = api.client;
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
        api.close();
    }

    @Test
    void adoptsAnnotatedNodeKeepingItsLabelsTaintsAndCapacity() {
        Node node = new NodeBuilder().withNewMetadata().withName("gpu-1")
                .addToAnnotations(SimCluster.SIMULATED_ANNOTATION, "true")
                .addToLabels("zone", "z1").addToLabels("accelerator", "gpu").endMetadata()
                .withNewSpec().addNewTaint().withKey("dedicated").withValue("gpu").withEffect("NoSchedule").endTaint()
                .endSpec()
                .withNewStatus().addToCapacity("cpu", new Quantity("2")).addToCapacity("memory", new Quantity("4Gi"))
                .addToCapacity("pods", new Quantity("10")).endStatus()
                .build();
        client.nodes().resource(node).create();
        sim = new SimCluster(client, SimCluster.Options.defaults(0)
                .withTimings(Duration.ofMillis(500), Duration.ofMinutes(1), Duration.ofSeconds(1))).start();

        await().atMost(Duration.ofSeconds(30)).until(() -> ready(client.nodes().withName("gpu-1").get()));
        Node adopted = client.nodes().withName("gpu-1").get();
        assertThat(adopted.getMetadata().getLabels()).containsEntry("zone", "z1").containsEntry("accelerator", "gpu")
                .doesNotContainKey("kubernetes.io/hostname");
        assertThat(adopted.getSpec().getTaints()).singleElement()
                .satisfies(t -> assertThat(t.getKey() + "=" + t.getValue() + ":" + t.getEffect())
                        .isEqualTo("dedicated=gpu:NoSchedule"));
        assertThat(adopted.getStatus().getCapacity().get("cpu").toString()).isEqualTo("2");
        assertThat(adopted.getStatus().getCapacity().get("memory").toString()).isEqualTo("4Gi");
        assertThat(adopted.getStatus().getAllocatable().get("pods").toString()).isEqualTo("10");
        assertThat(adopted.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.32.0-jube");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                client.leases().inNamespace("kube-node-lease").withName("gpu-1").get() != null);

        // pods placed on the adopted node run
        createOn(client, pod("on-gpu", "Always", Map.of()).build(), "gpu-1");
        await().atMost(Duration.ofSeconds(20)).until(() -> "Running".equals(phase(get(client, "on-gpu"))));
        assertThat(sim.nodeNames()).containsExactly("gpu-1");
    }

    @Test
    void nodeWithoutTheAnnotationIsLeftAlone() {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("real-1").endMetadata().build()).create();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("sim-x")
                .addToAnnotations(SimCluster.SIMULATED_ANNOTATION, "true").endMetadata().build()).create();
        sim = new SimCluster(client, SimCluster.Options.defaults(0)).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> ready(client.nodes().withName("sim-x").get()));
        // the annotated node was handled after the other, so the other was seen and skipped
        Node other = client.nodes().withName("real-1").get();
        assertThat(other.getStatus() == null ? null : other.getStatus().getConditions()).isNullOrEmpty();
        assertThat(client.leases().inNamespace("kube-node-lease").withName("real-1").get()).isNull();
        assertThat(sim.nodeNames()).containsExactly("sim-x");
    }

    @Test
    void twoHundredNodesRegisterAndKeepTheirLeasesFresh() {
        sim = new SimCluster(client, SimCluster.Options.defaults(200).withNamePrefix("n-")
                .withTimings(Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofSeconds(10))).start();
        assertThat(sim.nodeNames()).hasSize(200).contains("n-0", "n-199");
        await().atMost(Duration.ofSeconds(90)).until(() ->
                client.nodes().list().getItems().stream().filter(SimClusterTest::ready).count() == 200);
        await().atMost(Duration.ofSeconds(60)).until(() -> leases().size() == 200);
        Map<String, ZonedDateTime> first = leases();
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            Map<String, ZonedDateTime> now = leases();
            return first.entrySet().stream().allMatch(e -> now.get(e.getKey()).isAfter(e.getValue()));
        });
        Node n = client.nodes().withName("n-123").get();
        assertThat(n.getSpec().getPodCIDR()).isEqualTo("10.42.123.0/24");
        assertThat(n.getStatus().getCapacity().get("pods").toString()).isEqualTo("110");
    }

    @Test
    void closingStopsHeartbeatsButLeavesNodes() {
        sim = new SimCluster(client, SimCluster.Options.defaults(2)
                .withTimings(Duration.ofMillis(300), Duration.ofMinutes(1), Duration.ofSeconds(1))).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> leases().size() == 2);
        sim.close();
        sim = null;
        // Heartbeats stopped (renew interval 300 ms): the renew times hold still for 2 s.
        AtomicReference<Map<String, ZonedDateTime>> seen = new AtomicReference<>(leases());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> leases().equals(seen.getAndSet(leases())));
        assertThat(seen.get()).hasSize(2);
        assertThat(client.nodes().list().getItems()).hasSize(2);
    }

    private Map<String, ZonedDateTime> leases() {
        Map<String, ZonedDateTime> out = new HashMap<>();
        for (Lease l : client.leases().inNamespace("kube-node-lease").list().getItems()) {
            out.put(l.getMetadata().getName(), l.getSpec().getRenewTime());
        }
        return out;
    }

    static boolean ready(Node n) {
        if (n == null || n.getStatus() == null || n.getStatus().getConditions() == null) {
            return false;
        }
        Map<String, String> c = n.getStatus().getConditions().stream()
                .collect(Collectors.toMap(NodeCondition::getType, NodeCondition::getStatus));
        return "True".equals(c.get("Ready"));
    }
}
