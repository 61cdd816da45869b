package io.jube.controllers.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jube.agent.Agent;
import io.jube.agent.runtime.sim.SimRuntime;
import io.jube.controllers.Cluster;
import io.jube.controllers.ControllerManager;
import io.jube.controllers.framework.Pods;
import io.jube.controllers.framework.Times;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Node death and recovery with real node agents on the simulated runtime. */
class NodeLifecycleControllerTest {
    private static final Duration GRACE = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(40);
    @TempDir
    static Path tmp;
    static Cluster cluster;
    static KubernetesClient client;
    static ControllerManager manager;
    static FirstNodeBinder binder;

    @BeforeAll
    static void start() throws Exception {
        cluster = new Cluster(tmp);
        client = cluster.client();
        manager = new ControllerManager(cluster.newClient(), ControllerManager.Options.defaults().withLeaderElection(false)
                .withNodeMonitorGracePeriod(GRACE).withControllers(Set.of("nodelifecycle", "replicaset"))).start();
        binder = new FirstNodeBinder(cluster.newClient());
    }

    @AfterAll
    static void stop() {
        binder.close();
        manager.close();
        cluster.close();
    }

    static Agent agent(String node, boolean adopt) {
        return agent(node, adopt, Map.of());
    }

    static Agent agent(String node, boolean adopt, Map<String, String> labels) {
        var b = Agent.Options.builder(node, new SimRuntime("10.42.9.0/24")).labels(labels)
                .leaseRenewInterval(Duration.ofMillis(300)).nodeStatusReportFrequency(Duration.ofSeconds(1));
        if (adopt) {
            b.adopt();
        }
        Agent a = new Agent(cluster.newClient(), b.build()).start();
        await().atMost(WAIT).until(a::registered);
        return a;
    }

    static Node node(String name) {
        return client.nodes().withName(name).get();
    }

    static List<Taint> healthTaints(String name) {
        List<Taint> taints = node(name).getSpec().getTaints();
        return taints == null ? List.of() : taints.stream().filter(Taints::isHealthTaint).toList();
    }

    static NodeCondition ready(String name) {
        return NodeLifecycleController.condition(node(name), "Ready").orElseThrow();
    }

    static Toleration unreachableFor(Long seconds) {
        return new TolerationBuilder().withKey(Taints.UNREACHABLE).withOperator("Exists").withEffect("NoExecute")
                .withTolerationSeconds(seconds).build();
    }

    @Test
    void deadNodeIsTaintedAndItsPodsAreEvictedAndRecreatedElsewhere() {
        Agent a = agent("node-a", false);
        String ns = cluster.namespace("nlc");
        Map<String, String> labels = Map.of("app", "web");
        // the replicas tolerate the unreachable node for 1s; the "patient" pod tolerates it forever
        client.apps().replicaSets().inNamespace(ns).resource(new ReplicaSetBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx:1").endContainer()
                .withTolerations(unreachableFor(1L)).endSpec()
                .endTemplate().endSpec().build()).create();
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("patient").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx:1").endContainer()
                .withTolerations(unreachableFor(null)).endSpec().build()).create();
        await().atMost(WAIT).until(() -> client.pods().inNamespace(ns).list().getItems().stream()
                .filter(p -> "node-a".equals(p.getSpec().getNodeName()) && Pods.isReady(p)).count() == 3);

        Agent b = agent("node-b", false);
        a.close(); // node-a stops heartbeating
        try {
            await().atMost(WAIT).until(() -> "Unknown".equals(ready("node-a").getStatus()));
            NodeCondition c = ready("node-a");
            assertThat(c.getReason()).isEqualTo("NodeStatusUnknown");
            assertThat(c.getMessage()).isEqualTo("Kubelet stopped posting node status.");
            await().atMost(WAIT).until(() -> healthTaints("node-a").size() == 2);
            assertThat(healthTaints("node-a")).extracting(Taint::getKey, Taint::getEffect).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple(Taints.UNREACHABLE, "NoSchedule"),
                    org.assertj.core.groups.Tuple.tuple(Taints.UNREACHABLE, "NoExecute"));
            Taint noExecute = healthTaints("node-a").stream().filter(t -> "NoExecute".equals(t.getEffect())).findFirst().orElseThrow();
            assertThat(Times.parse(noExecute.getTimeAdded())).isNotNull();
            assertThat(healthTaints("node-b")).isEmpty();

            // the replicas are evicted and replaced on node-b; the patient pod stays, marked not ready
            await().atMost(WAIT).until(() -> client.pods().inNamespace(ns).list().getItems().stream()
                    .filter(p -> p.getMetadata().getLabels() != null && "web".equals(p.getMetadata().getLabels().get("app")))
                    .filter(p -> "node-b".equals(p.getSpec().getNodeName()) && Pods.isReady(p) && Pods.isActive(p)).count() == 2);
            List<Pod> onA = client.pods().inNamespace(ns).list().getItems().stream()
                    .filter(p -> "node-a".equals(p.getSpec().getNodeName())).toList();
            assertThat(onA).filteredOn(p -> !p.getMetadata().getName().equals("patient"))
                    .hasSize(2)
                    .allSatisfy(p -> assertThat(p.getMetadata().getDeletionTimestamp()).isNotNull())
                    .allSatisfy(p -> assertThat(p.getStatus().getConditions()).anySatisfy(cond -> {
                        assertThat(cond.getType()).isEqualTo("DisruptionTarget");
                        assertThat(cond.getReason()).isEqualTo("DeletionByTaintManager");
                    }));
            Pod patient = client.pods().inNamespace(ns).withName("patient").get();
            assertThat(patient.getMetadata().getDeletionTimestamp()).isNull();
            await().atMost(WAIT).until(() -> !Pods.isReady(client.pods().inNamespace(ns).withName("patient").get()));
            assertThat(Pods.readyCondition(client.pods().inNamespace(ns).withName("patient").get()).orElseThrow().getStatus())
                    .isEqualTo("False");

            // the node comes back: Ready again and untainted
            Agent again = agent("node-a", true);
            try {
                await().atMost(WAIT).until(() -> "True".equals(ready("node-a").getStatus()) && healthTaints("node-a").isEmpty());
            } finally {
                again.close();
            }
        } finally {
            b.close();
        }
    }

    @Test
    void podArrivingOnAReadyNodeWithANoExecuteTaintIsEvictedUnlessItTolerates() {
        String name = "node-dedicated";
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .addNewTaint().withKey("dedicated").withValue("db").withEffect("NoExecute").endTaint().endSpec().build()).create();
        // Ready, with a heartbeat a minute ahead: nothing heartbeats and nothing goes stale during the test, so no
        // node or Lease event reconciles the node again; only the pods' own events can start the eviction
        String later = Times.format(Instant.now().plusSeconds(60));
        Node n = node(name);
        n.setStatus(new io.fabric8.kubernetes.api.model.NodeStatusBuilder().addNewCondition().withType("Ready").withStatus("True")
                .withReason("KubeletReady").withLastHeartbeatTime(later).withLastTransitionTime(later).endCondition().build());
        client.nodes().resource(n).updateStatus();
        String ns = cluster.namespace("dedicated");
        // the first stranger may be evicted by the reconcile of the node's own writes above; once it is, nothing
        // but a pod event reconciles the node, which the second stranger and the tolerating member then need
        for (String pod : List.of("stranger-1", "stranger-2", "member")) {
            var spec = new PodBuilder().withNewMetadata().withName(pod).endMetadata().withNewSpec()
                    .withNodeName(name).addNewContainer().withName("c").withImage("nginx:1").endContainer();
            if (pod.equals("member")) {
                spec.addNewToleration().withKey("dedicated").withOperator("Equal").withValue("db").withEffect("NoExecute").endToleration();
            }
            client.pods().inNamespace(ns).resource(spec.endSpec().build()).create();
            if (pod.startsWith("stranger")) {
                await().atMost(WAIT).until(() -> {
                    Pod p = client.pods().inNamespace(ns).withName(pod).get();
                    return p == null || p.getMetadata().getDeletionTimestamp() != null;
                });
            }
        }
        Pod member = client.pods().inNamespace(ns).withName("member").get();
        assertThat(member.getMetadata().getDeletionTimestamp()).isNull();
        assertThat(ready(name).getStatus()).isEqualTo("True");
        client.nodes().withName(name).delete();
    }

    @Test
    void notReadyNodeGetsNotReadyTaintsThenUnreachableOnceSilent() {
        String name = "node-nr";
        // a healthy node in the same zone, so the zone is not fully disrupted and NoExecute taints are placed
        Agent buddy = agent("node-nr-buddy", false, Map.of(Disruption.ZONE_LABEL, "zone-nr"));
        try {
            notReadyThenUnreachable(name);
        } finally {
            buddy.close();
        }
    }

    @Test
    void lastNodeOfAZoneIsNotEvicted() {
        Agent solo = agent("node-solo", false, Map.of(Disruption.ZONE_LABEL, "zone-solo"));
        String ns = cluster.namespace("solo");
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("p").endMetadata()
                .withNewSpec().withNodeName("node-solo").addNewContainer().withName("c").withImage("nginx:1").endContainer()
                .endSpec().build()).create();
        await().atMost(WAIT).until(() -> Pods.isReady(client.pods().inNamespace(ns).withName("p").get()));
        solo.close();
        await().atMost(WAIT).until(() -> "Unknown".equals(ready("node-solo").getStatus()) && !healthTaints("node-solo").isEmpty());
        // the whole zone is unreachable: Kubernetes suspects itself rather than every node, and evicts nothing
        assertThat(healthTaints("node-solo")).extracting(Taint::getKey, Taint::getEffect)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Taints.UNREACHABLE, "NoSchedule"));
        await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() ->
                client.pods().inNamespace(ns).withName("p").get().getMetadata().getDeletionTimestamp() == null
                        && healthTaints("node-solo").size() == 1);
    }

    void notReadyThenUnreachable(String name) {
        String now = Times.format(Instant.now());
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name)
                .addToLabels(Disruption.ZONE_LABEL, "zone-nr").endMetadata().withNewSpec().endSpec().build()).create();
        Node n = node(name);
        n.setStatus(new io.fabric8.kubernetes.api.model.NodeStatusBuilder().addNewCondition().withType("Ready").withStatus("False")
                .withReason("KubeletNotReady").withLastHeartbeatTime(now).withLastTransitionTime(now).endCondition().build());
        client.nodes().resource(n).updateStatus();

        await().atMost(WAIT).until(() -> healthTaints(name).stream().anyMatch(t -> Taints.NOT_READY.equals(t.getKey())));
        assertThat(healthTaints(name)).extracting(Taint::getKey).containsOnly(Taints.NOT_READY);
        // nothing posts status any more: after the grace period the node is Unknown and unreachable
        await().atMost(WAIT).until(() -> "Unknown".equals(ready(name).getStatus())
                && healthTaints(name).stream().allMatch(t -> Taints.UNREACHABLE.equals(t.getKey())) && healthTaints(name).size() == 2);
    }
}
