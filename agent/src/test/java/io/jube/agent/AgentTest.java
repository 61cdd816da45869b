package io.jube.agent;

import static io.jube.agent.TestPods.condition;
import static io.jube.agent.TestPods.createAndBind;
import static io.jube.agent.TestPods.createOn;
import static io.jube.agent.TestPods.get;
import static io.jube.agent.TestPods.phase;
import static io.jube.agent.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jube.agent.runtime.sim.SimRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One agent with a simulated runtime against a real API server: what a kubelet reports, checked field by field. */
class AgentTest {
    static final String NODE = "node-a";
    @TempDir
    static Path tmp;
    static ApiServerFixture api;
    static KubernetesClient client;
    static Agent agent;

    @BeforeAll
    static void start() throws Exception {
        api = new ApiServerFixture(tmp);
        client = api.client;
        agent = new Agent(client, Agent.Options.builder(NODE, new SimRuntime("10.42.7.0/24"))
                .capacity("4", "16Gi", 50)
                .internalIP("172.18.0.9")
                .podCidr("10.42.7.0/24")
                .instanceType("sim.large")
                .leaseRenewInterval(Duration.ofMillis(500))
                .crashLoopBackOff(Duration.ofSeconds(1), Duration.ofSeconds(4))
                .build()).start();
        await().atMost(Duration.ofSeconds(30)).until(agent::registered);
    }

    @AfterAll
    static void stop() {
        if (agent != null) {
            agent.close();
            agent.options().runtime().close();
        }
        if (api != null) {
            api.close();
        }
    }

    @Test
    void nodeRegistersReadyWithKubeletStatusAndLeaseRenews() {
        Node node = client.nodes().withName(NODE).get();
        assertThat(node.getMetadata().getLabels()).containsEntry("kubernetes.io/hostname", NODE)
                .containsEntry("kubernetes.io/os", "linux").containsKey("kubernetes.io/arch")
                .containsEntry("node.kubernetes.io/instance-type", "sim.large");
        assertThat(node.getSpec().getPodCIDR()).isEqualTo("10.42.7.0/24");
        var st = node.getStatus();
        assertThat(st.getCapacity().get("cpu").toString()).isEqualTo("4");
        assertThat(st.getCapacity().get("memory").toString()).isEqualTo("16Gi");
        assertThat(st.getCapacity().get("pods").toString()).isEqualTo("50");
        assertThat(st.getCapacity()).containsKey("ephemeral-storage");
        assertThat(st.getAllocatable().get("cpu").toString()).isEqualTo("4");
        Map<String, NodeCondition> conds = st.getConditions().stream()
                .collect(Collectors.toMap(NodeCondition::getType, c -> c));
        assertThat(conds.get("Ready").getStatus()).isEqualTo("True");
        assertThat(conds.get("Ready").getReason()).isEqualTo("KubeletReady");
        assertThat(conds.get("Ready").getMessage()).isEqualTo("kubelet is posting ready status");
        assertThat(conds.get("Ready").getLastHeartbeatTime()).isNotNull();
        for (String t : List.of("MemoryPressure", "DiskPressure", "PIDPressure")) {
            assertThat(conds.get(t).getStatus()).as(t).isEqualTo("False");
        }
        assertThat(st.getAddresses()).extracting(a -> a.getType() + "=" + a.getAddress())
                .containsExactly("InternalIP=172.18.0.9", "Hostname=" + NODE);
        assertThat(st.getNodeInfo().getKubeletVersion()).isEqualTo("v1.32.0-jube");
        assertThat(st.getNodeInfo().getContainerRuntimeVersion()).isEqualTo("sim://0.1.0");
        assertThat(st.getNodeInfo().getOperatingSystem()).isEqualTo("linux");
        assertThat(st.getNodeInfo().getOsImage()).isNotEmpty();
        assertThat(st.getNodeInfo().getKernelVersion()).isNotEmpty();
        assertThat(st.getDaemonEndpoints().getKubeletEndpoint().getPort()).isEqualTo(10250);

        Lease lease = client.leases().inNamespace("kube-node-lease").withName(NODE).get();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(NODE);
        assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(40);
        assertThat(lease.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> {
                    assertThat(o.getKind()).isEqualTo("Node");
                    assertThat(o.getUid()).isEqualTo(node.getMetadata().getUid());
                });
        var first = lease.getSpec().getRenewTime();
        await().atMost(Duration.ofSeconds(20)).until(() -> client.leases().inNamespace("kube-node-lease")
                .withName(NODE).get().getSpec().getRenewTime().isAfter(first));
    }

    @Test
    void boundPodRunsAndIsReadyWithKubeletStatus() throws Exception {
        Pod p = pod("web", "Always", Map.of()).editSpec()
                .addNewInitContainer().withName("setup").withImage("busybox:1.36").endInitContainer()
                .endSpec().build();
        Pod created = createOn(client, p, NODE);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Pod cur = get(client, "web");
            return "Running".equals(phase(cur)) && "True".equals(condition(cur, "Ready").getStatus());
        });
        Pod pod = get(client, "web");
        var st = pod.getStatus();
        assertThat(st.getHostIP()).isEqualTo("172.18.0.9");
        assertThat(st.getHostIPs()).extracting(h -> h.getIp()).containsExactly("172.18.0.9");
        assertThat(st.getPodIP()).startsWith("10.42.7.");
        assertThat(st.getPodIPs()).extracting(i -> i.getIp()).containsExactly(st.getPodIP());
        assertThat(st.getStartTime()).isNotNull();
        assertThat(st.getQosClass()).isEqualTo("BestEffort");
        assertThat(st.getConditions()).extracting(PodCondition::getType).containsExactly(
                "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled");
        assertThat(st.getConditions()).allSatisfy(c -> {
            assertThat(c.getStatus()).as(c.getType()).isEqualTo("True");
            assertThat(c.getLastTransitionTime()).as(c.getType()).isNotNull();
        });

        ContainerStatus init = st.getInitContainerStatuses().get(0);
        assertThat(init.getName()).isEqualTo("setup");
        assertThat(init.getState().getTerminated().getExitCode()).isZero();
        assertThat(init.getState().getTerminated().getReason()).isEqualTo("Completed");
        assertThat(init.getImage()).isEqualTo("docker.io/library/busybox:1.36");

        ContainerStatus app = st.getContainerStatuses().get(0);
        assertThat(app.getName()).isEqualTo("app");
        assertThat(app.getContainerID()).startsWith("sim://");
        assertThat(app.getImage()).isEqualTo("docker.io/library/nginx:latest");
        assertThat(app.getImageID()).startsWith("docker.io/library/nginx@sha256:");
        assertThat(app.getReady()).isTrue();
        assertThat(app.getStarted()).isTrue();
        assertThat(app.getRestartCount()).isZero();
        assertThat(app.getState().getRunning().getStartedAt()).isNotNull();
        // the init container finished before the app container started
        assertThat(app.getState().getRunning().getStartedAt())
                .isGreaterThanOrEqualTo(init.getState().getTerminated().getFinishedAt());
        assertThat(created.getMetadata().getUid()).isEqualTo(pod.getMetadata().getUid());

        // kubelet events, as kubectl describe shows them
        await().atMost(Duration.ofSeconds(20)).until(() -> eventsOf("web").contains("Started:Started container app"));
        assertThat(eventsOf("web")).contains("Pulled:Container image \"nginx\" already present on machine",
                "Created:Created container: app", "Started:Started container setup");
        var started = client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> "web".equals(e.getInvolvedObject().getName()) && "Started".equals(e.getReason())
                        && "spec.containers{app}".equals(e.getInvolvedObject().getFieldPath()))
                .findFirst().orElseThrow();
        assertThat(started.getSource().getComponent()).isEqualTo("kubelet");
        assertThat(started.getSource().getHost()).isEqualTo(NODE);
        assertThat(started.getInvolvedObject().getUid()).isEqualTo(pod.getMetadata().getUid());
        assertThat(started.getCount()).isEqualTo(1);
    }

    private static List<String> eventsOf(String pod) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> pod.equals(e.getInvolvedObject().getName()))
                .map(e -> e.getReason() + ":" + e.getMessage()).toList();
    }

    @Test
    void podBoundThroughBindingSubresourceRuns() throws Exception {
        createAndBind(client, pod("bound", "Always", Map.of()).build(), NODE);
        await().atMost(Duration.ofSeconds(20)).until(() -> "Running".equals(phase(get(client, "bound"))));
        assertThat(condition(get(client, "bound"), "PodScheduled").getStatus()).isEqualTo("True");
    }

    @Test
    void neverPodSucceedsAfterItsRunTime() throws Exception {
        createOn(client, pod("job-ok", "Never", Map.of(SimRuntime.RUN_SECONDS, "1")).build(), NODE);
        await().atMost(Duration.ofSeconds(20)).until(() -> "Succeeded".equals(phase(get(client, "job-ok"))));
        Pod pod = get(client, "job-ok");
        var term = pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
        assertThat(term.getExitCode()).isZero();
        assertThat(term.getReason()).isEqualTo("Completed");
        assertThat(term.getFinishedAt()).isNotNull();
        assertThat(term.getStartedAt()).isNotNull();
        assertThat(condition(pod, "Ready").getStatus()).isEqualTo("False");
        assertThat(condition(pod, "Ready").getReason()).isEqualTo("PodCompleted");
        assertThat(pod.getStatus().getContainerStatuses().get(0).getReady()).isFalse();
    }

    @Test
    void neverPodWithNonZeroExitFails() throws Exception {
        createOn(client, pod("job-bad", "Never", Map.of(SimRuntime.RUN_SECONDS, "1",
                SimRuntime.EXIT_CODE, "3")).build(), NODE);
        await().atMost(Duration.ofSeconds(20)).until(() -> "Failed".equals(phase(get(client, "job-bad"))));
        var cs = get(client, "job-bad").getStatus().getContainerStatuses().get(0);
        assertThat(cs.getState().getTerminated().getExitCode()).isEqualTo(3);
        assertThat(cs.getState().getTerminated().getReason()).isEqualTo("Error");
        assertThat(cs.getRestartCount()).isZero();
    }

    @Test
    void onFailurePodRestartsUntilItSucceedsOrKeepsRestarting() throws Exception {
        createOn(client, pod("retry", "OnFailure", Map.of(SimRuntime.EXIT_CODE, "2")).build(), NODE);
        awaitRestarts("retry", n -> n >= 2);
        Pod pod = get(client, "retry");
        assertThat(phase(pod)).isEqualTo("Running");
        assertThat(pod.getStatus().getContainerStatuses().get(0).getLastState().getTerminated().getExitCode())
                .isEqualTo(2);
    }

    @Test
    void alwaysPodWhoseContainerFailsRestartsWithBackOff() throws Exception {
        createOn(client, pod("crash", "Always", Map.of(SimRuntime.RUN_SECONDS, "0",
                SimRuntime.EXIT_CODE, "1")).build(), NODE);
        awaitRestarts("crash", n -> n >= 1);
        int seen = restarts(get(client, "crash"));
        // between restarts the container waits in CrashLoopBackOff, as a kubelet reports it
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var cs = get(client, "crash").getStatus().getContainerStatuses().get(0);
            return cs.getState().getWaiting() != null && "CrashLoopBackOff".equals(cs.getState().getWaiting().getReason());
        });
        var waiting = get(client, "crash").getStatus().getContainerStatuses().get(0);
        assertThat(waiting.getState().getWaiting().getMessage())
                .matches("back-off \\d+s restarting failed container=app pod=crash_default\\(.*\\)");
        assertThat(waiting.getLastState().getTerminated().getExitCode()).isEqualTo(1);
        assertThat(waiting.getLastState().getTerminated().getReason()).isEqualTo("Error");
        awaitRestarts("crash", n -> n > seen);
        await().atMost(Duration.ofSeconds(20)).until(() -> eventsOf("crash").stream().anyMatch(e ->
                e.matches("BackOff:Back-off restarting failed container app in pod crash_default\\(.*\\)")));
        assertThat(phase(get(client, "crash"))).isEqualTo("Running");
    }

    @Test
    void podPastItsActiveDeadlineFails() {
        Pod p = pod("deadline", "Always", Map.of()).editSpec().withActiveDeadlineSeconds(1L).endSpec().build();
        createOn(client, p, NODE);
        await().atMost(Duration.ofSeconds(20)).until(() -> "Failed".equals(phase(get(client, "deadline"))));
        Pod failed = get(client, "deadline");
        assertThat(failed.getStatus().getReason()).isEqualTo("DeadlineExceeded");
        assertThat(failed.getStatus().getMessage()).isEqualTo("Pod was active on the node longer than the specified deadline");
        assertThat(failed.getStatus().getContainerStatuses().get(0).getState().getTerminated()).isNotNull();
    }

    @Test
    void deletedPodStopsWithinGraceAndIsRemoved() throws Exception {
        createOn(client, pod("slow-stop", "Always", Map.of(SimRuntime.STOP_SECONDS, "1")).build(), NODE);
        await().atMost(Duration.ofSeconds(20)).until(() -> "Running".equals(phase(get(client, "slow-stop"))));
        client.pods().inNamespace("default").withName("slow-stop").withGracePeriod(30).delete();
        // the API server only marks a scheduled pod; the agent stops it and deletes it for good
        Pod marked = get(client, "slow-stop");
        if (marked != null) {
            assertThat(marked.getMetadata().getDeletionTimestamp()).isNotNull();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> get(client, "slow-stop") == null);
    }

    @Test
    void podKilledWhenItOutlastsItsGracePeriod() throws Exception {
        createOn(client, pod("stubborn", "Always", Map.of(SimRuntime.STOP_SECONDS, "3600")).build(), NODE);
        await().atMost(Duration.ofSeconds(20)).until(() -> "Running".equals(phase(get(client, "stubborn"))));
        client.pods().inNamespace("default").withName("stubborn").withGracePeriod(1).delete();
        await().atMost(Duration.ofSeconds(20)).until(() -> get(client, "stubborn") == null);
    }

    @Test
    void readinessGateKeepsPodUnreadyUntilItsConditionIsTrue() throws Exception {
        Pod p = pod("gated", "Always", Map.of()).editSpec().addNewReadinessGate()
                .withConditionType("example.com/lb-ready").endReadinessGate().endSpec().build();
        createOn(client, p, NODE);
        await().atMost(Duration.ofSeconds(20)).until(() -> "Running".equals(phase(get(client, "gated"))));
        await().atMost(Duration.ofSeconds(20)).until(() -> condition(get(client, "gated"), "ContainersReady") != null
                && "True".equals(condition(get(client, "gated"), "ContainersReady").getStatus()));
        PodCondition ready = condition(get(client, "gated"), "Ready");
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("ReadinessGatesNotReady");
        assertThat(ready.getMessage())
                .isEqualTo("corresponding condition of pod readiness gate \"example.com/lb-ready\" does not exist.");

        Pod cur = get(client, "gated");
        cur.getStatus().getConditions().add(new PodConditionBuilder().withType("example.com/lb-ready")
                .withStatus("True").withLastTransitionTime("2024-01-01T00:00:00Z").build());
        client.pods().inNamespace("default").resource(cur).updateStatus();
        await().atMost(Duration.ofSeconds(20)).until(() -> "True".equals(condition(get(client, "gated"), "Ready").getStatus()));
        assertThat(condition(get(client, "gated"), "example.com/lb-ready").getStatus()).isEqualTo("True");
    }

    @Test
    void badSimAnnotationIsReportedAsCreateContainerError() throws Exception {
        createOn(client, pod("bad-ann", "Never", Map.of(SimRuntime.RUN_SECONDS, "soon")).build(), NODE);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Pod cur = get(client, "bad-ann");
            var cs = cur.getStatus().getContainerStatuses();
            return cs != null && !cs.isEmpty() && cs.get(0).getState().getWaiting() != null
                    && "CreateContainerError".equals(cs.get(0).getState().getWaiting().getReason());
        });
        var waiting = get(client, "bad-ann").getStatus().getContainerStatuses().get(0).getState().getWaiting();
        assertThat(waiting.getMessage()).contains("jube.io/sim-run-seconds").contains("soon");
        assertThat(phase(get(client, "bad-ann"))).isEqualTo("Pending");
    }

    /**
     * Waits for the pod's restart count to satisfy {@code ok}. On timeout the failure carries the pod's status and
     * the agent's threads: restarts have stalled now and then in full builds only, and this is what to look at.
     */
    private static void awaitRestarts(String name, java.util.function.IntPredicate ok) {
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> ok.test(restarts(get(client, name))));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            StringBuilder b = new StringBuilder("restarts of " + name + " did not advance; status:\n")
                    .append(io.fabric8.kubernetes.client.utils.Serialization.asYaml(get(client, name).getStatus()));
            Thread.getAllStackTraces().forEach((t, stack) -> {
                if (t.getName().startsWith("jube-") || t.getName().startsWith("sim-runtime")) {
                    b.append("\n").append(t.getName()).append(" ").append(t.getState());
                    for (StackTraceElement f : stack) {
                        b.append("\n    at ").append(f);
                    }
                }
            });
            throw new AssertionError(b.toString(), e);
        }
    }

    private static int restarts(Pod pod) {
        if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                || pod.getStatus().getContainerStatuses().isEmpty()) {
            return 0;
        }
        return pod.getStatus().getContainerStatuses().get(0).getRestartCount();
    }
}
