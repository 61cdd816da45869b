package io.jube.controllers.daemonset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.jube.agent.SimCluster;
import io.jube.controllers.WorkloadCluster;
import io.jube.controllers.framework.Pods;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonSetControllerTest {
    static final Duration WAIT = Duration.ofSeconds(40);
    @TempDir
    static Path tmp;
    static WorkloadCluster wc;
    static KubernetesClient client;
    String ns;

    @BeforeAll
    static void start() throws Exception {
        wc = new WorkloadCluster(tmp, 3, Set.of("daemonset"));
        client = wc.client();
        addNode("tainted", Map.of(), true);
        await().atMost(WAIT).until(() -> readyNodes().size() == 4);
    }

    @AfterAll
    static void stop() {
        wc.close();
    }

    @BeforeEach
    void namespace() {
        ns = wc.cluster.namespace("ds");
    }

    static void addNode(String name, Map<String, String> labels, boolean tainted) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name)
                .addToAnnotations(SimCluster.SIMULATED_ANNOTATION, "true").addToLabels(labels).endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().addToCapacity("cpu", new Quantity("4")).addToCapacity("memory", new Quantity("8Gi"))
                .addToCapacity("pods", new Quantity("50")).endStatus();
        if (tainted) {
            b.editSpec().addNewTaint().withKey("dedicated").withValue("gpu").withEffect("NoSchedule").endTaint().endSpec();
        }
        client.nodes().resource(b.build()).create();
    }

    static Set<String> readyNodes() {
        Set<String> out = new TreeSet<>();
        for (Node n : client.nodes().list().getItems()) {
            if (n.getStatus() != null && n.getStatus().getConditions() != null && n.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))) {
                out.add(n.getMetadata().getName());
            }
        }
        return out;
    }

    /** Nodes without the test's taint (every node the untolerating DaemonSets belong on). */
    static Set<String> untainted() {
        Set<String> out = new TreeSet<>();
        for (Node n : client.nodes().list().getItems()) {
            if (n.getSpec().getTaints() == null || n.getSpec().getTaints().isEmpty()) {
                out.add(n.getMetadata().getName());
            }
        }
        return out;
    }

    static DaemonSet ds(String name, String image, Consumer<DaemonSetBuilder> extra) {
        DaemonSetBuilder b = new DaemonSetBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage(image).endContainer().endSpec()
                .endTemplate().endSpec();
        extra.accept(b);
        return b.build();
    }

    DaemonSet get(String name) {
        return client.apps().daemonSets().inNamespace(ns).withName(name).get();
    }

    List<Pod> pods(String app) {
        return client.pods().inNamespace(ns).withLabel("app", app).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    /** Nodes with a running, ready pod of {@code app}; fails if a node has two. */
    Set<String> readyPodNodes(String app) {
        Set<String> out = new TreeSet<>();
        for (Pod p : pods(app)) {
            if (Pods.isReady(p)) {
                assertThat(out.add(p.getSpec().getNodeName())).as("one pod per node").isTrue();
            }
        }
        return out;
    }

    /** Like {@code kubectl set image}: a strategic merge patch, which does not race the controller's status writes. */
    void setImage(String name, String image) {
        client.apps().daemonSets().inNamespace(ns).withName(name).patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"" + image + "\"}]}}}}");
    }

    @Test
    void runsOnePodPerEligibleNodeAndSkipsTaintedNodesUnlessTolerated() {
        client.apps().daemonSets().inNamespace(ns).resource(ds("logs", "fluent:1", b -> { })).create();
        client.apps().daemonSets().inNamespace(ns).resource(ds("gpu", "gpu:1", b -> b.editSpec().editTemplate().editSpec()
                .addNewToleration().withKey("dedicated").withOperator("Exists").endToleration()
                .endSpec().endTemplate().endSpec())).create();

        Set<String> eligible = untainted();
        await().atMost(WAIT).until(() -> readyPodNodes("logs").equals(eligible));
        await().atMost(WAIT).until(() -> readyPodNodes("gpu").equals(readyNodes()));
        assertThat(readyPodNodes("gpu")).contains("tainted");
        await().atMost(WAIT).untilAsserted(() -> {
            var st = get("logs").getStatus();
            assertThat(st.getDesiredNumberScheduled()).isEqualTo(eligible.size());
            assertThat(st.getCurrentNumberScheduled()).isEqualTo(eligible.size());
            assertThat(st.getNumberReady()).isEqualTo(eligible.size());
            assertThat(st.getNumberAvailable()).isEqualTo(eligible.size());
            assertThat(st.getUpdatedNumberScheduled()).isEqualTo(eligible.size());
            assertThat(st.getNumberMisscheduled()).isZero();
            assertThat(st.getObservedGeneration()).isEqualTo(get("logs").getMetadata().getGeneration());
        });
        Pod p = pods("logs").get(0);
        // placed by the scheduler through a node affinity naming the node, with Kubernetes' daemon tolerations
        var term = p.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms().get(0).getMatchFields().get(0);
        assertThat(term.getKey()).isEqualTo("metadata.name");
        assertThat(term.getValues()).containsExactly(p.getSpec().getNodeName());
        assertThat(p.getSpec().getTolerations()).extracting(t -> t.getKey() + ":" + t.getEffect())
                .contains("node.kubernetes.io/not-ready:NoExecute", "node.kubernetes.io/unreachable:NoExecute",
                        "node.kubernetes.io/disk-pressure:NoSchedule", "node.kubernetes.io/memory-pressure:NoSchedule",
                        "node.kubernetes.io/pid-pressure:NoSchedule", "node.kubernetes.io/unschedulable:NoSchedule");
        assertThat(p.getMetadata().getLabels()).containsKey("controller-revision-hash");
    }

    @Test
    void aNewMatchingNodeGetsAPod() {
        client.apps().daemonSets().inNamespace(ns).resource(ds("edge", "edge:1", b -> b.editSpec().editTemplate()
                .editSpec().withNodeSelector(Map.of("pool", "edge")).endSpec().endTemplate().endSpec())).create();
        await().atMost(WAIT).until(() -> get("edge").getStatus() != null
                && Integer.valueOf(0).equals(get("edge").getStatus().getDesiredNumberScheduled()));
        assertThat(pods("edge")).isEmpty();

        addNode("edge-1", Map.of("pool", "edge"), false);
        await().atMost(WAIT).until(() -> readyPodNodes("edge").equals(Set.of("edge-1")));
        await().atMost(WAIT).until(() -> Integer.valueOf(1).equals(get("edge").getStatus().getNumberAvailable()));
    }

    /** Tracks the fewest ready pods of one app seen at any moment (in watch order). */
    final class ReadyLow implements Watcher<Pod>, AutoCloseable {
        final Map<String, Boolean> ready = new ConcurrentHashMap<>();
        final AtomicInteger low = new AtomicInteger(Integer.MAX_VALUE);
        volatile boolean measuring;
        final Watch watch;

        ReadyLow(String app) {
            watch = client.pods().inNamespace(ns).withLabel("app", app).watch(this);
        }

        @Override
        public synchronized void eventReceived(Action action, Pod pod) {
            ready.put(pod.getMetadata().getName(), action != Action.DELETED
                    && pod.getMetadata().getDeletionTimestamp() == null && Pods.isReady(pod));
            if (measuring) {
                low.accumulateAndGet(readyCount(), Math::min);
            }
        }

        int readyCount() {
            return (int) ready.values().stream().filter(b -> b).count();
        }

        /** From now on (the initial ADDED events are in), record the low-water mark. */
        synchronized void startMeasuring() {
            low.set(readyCount());
            measuring = true;
        }

        @Override
        public void onClose(WatcherException cause) {
        }

        @Override
        public void close() {
            watch.close();
        }
    }

    void rollOut(String name, Consumer<DaemonSetBuilder> strategy, int allowedDown) throws Exception {
        client.apps().daemonSets().inNamespace(ns).resource(ds(name, "app:1", strategy)).create();
        Set<String> eligible = untainted();
        await().atMost(WAIT).until(() -> readyPodNodes(name).equals(eligible)
                && Integer.valueOf(eligible.size()).equals(get(name).getStatus().getNumberAvailable()));
        try (ReadyLow low = new ReadyLow(name)) {
            await().atMost(WAIT).until(() -> low.readyCount() == eligible.size());
            low.startMeasuring();
            setImage(name, "app:2");
            if (WorkloadCluster.hasKubectl()) {
                var out = wc.kubectl("-n", ns, "rollout", "status", "ds/" + name, "--timeout=40s");
                assertThat(out.exitCode()).as(out.output()).isZero();
                assertThat(out.output()).contains("daemon set \"" + name + "\" successfully rolled out");
            }
            await().atMost(WAIT).untilAsserted(() -> {
                var st = get(name).getStatus();
                assertThat(st.getObservedGeneration()).isEqualTo(get(name).getMetadata().getGeneration());
                assertThat(st.getUpdatedNumberScheduled()).isEqualTo(eligible.size());
                assertThat(st.getNumberAvailable()).isEqualTo(eligible.size());
                assertThat(pods(name)).hasSize(eligible.size()).allSatisfy(p ->
                        assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("app:2"));
            });
            assertThat(low.low.get()).as("fewest ready pods during the rollout").isGreaterThanOrEqualTo(eligible.size() - allowedDown);
        }
        assertThat(client.apps().controllerRevisions().inNamespace(ns).list().getItems())
                .extracting(r -> r.getRevision()).containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void rollingUpdateReplacesOneNodeAtATime() throws Exception {
        rollOut("roll", b -> { }, 1);
    }

    @Test
    void surgeRollingUpdateKeepsEveryNodeServing() throws Exception {
        rollOut("surge", b -> b.editSpec().withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(new IntOrString(1)).withMaxUnavailable(new IntOrString(0)).endRollingUpdate()
                .endUpdateStrategy().endSpec(), 0);
    }

    @Test
    void podCreatesRefusedInATerminatingNamespaceAreNotRetriedAsFailures() {
        // a node selector no node matches yet: no pods, and the status is written
        client.apps().daemonSets().inNamespace(ns).resource(ds("doomed", "nginx:1",
                b -> b.editSpec().editTemplate().editSpec().withNodeSelector(Map.of("doomed-ds", "yes")).endSpec()
                        .endTemplate().endSpec())).create();
        await().atMost(WAIT).until(() -> get("doomed").getStatus() != null
                && Long.valueOf(1).equals(get("doomed").getStatus().getObservedGeneration()));
        // no namespace controller runs here: the namespace stays Terminating and refuses every create
        client.namespaces().withName(ns).delete();
        await().atMost(WAIT).until(() -> client.namespaces().withName(ns).get().getMetadata().getDeletionTimestamp() != null);

        String node = untainted().iterator().next();
        client.nodes().withName(node).edit(n -> { n.getMetadata().getLabels().put("doomed-ds", "yes"); return n; });
        try {
            // as in Kubernetes the refused create is not an error: the pass completes and records its status
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                DaemonSet d = get("doomed");
                assertThat(d.getStatus().getDesiredNumberScheduled()).isEqualTo(1);
                assertThat(d.getStatus().getCurrentNumberScheduled()).isZero();
            });
            assertThat(pods("doomed")).isEmpty();
        } finally {
            client.nodes().withName(node).edit(n -> { n.getMetadata().getLabels().remove("doomed-ds"); return n; });
        }
    }
}
