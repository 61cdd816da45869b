package io.jube.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.jube.agent.PodStatusComputer.Observed;
import io.jube.agent.PodStatusComputer.Waiting;
import io.jube.agent.runtime.ContainerStatus;
import io.jube.agent.runtime.PodSandboxConfig;
import io.jube.agent.runtime.PodSandboxStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kubelet's status rules, on inputs built by hand. */
class PodStatusComputerTest {
    static final Instant NOW = Instant.parse("2025-01-01T10:00:00Z");
    static final PodSandboxStatus SANDBOX = new PodSandboxStatus("sb", new PodSandboxConfig("p", "ns", "u", 0, "p",
            null, null, false, null, "Always"), PodSandboxStatus.State.READY, "10.42.0.5", NOW);

    static Pod pod(String restartPolicy, boolean withInit) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").withUid("u").endMetadata()
                .withNewSpec().withRestartPolicy(restartPolicy)
                .addNewContainer().withName("a").withImage("nginx").endContainer()
                .addNewContainer().withName("b").withImage("nginx").endContainer()
                .endSpec();
        if (withInit) {
            b.editSpec().addNewInitContainer().withName("init").withImage("busybox").endInitContainer().endSpec();
        }
        return b.build();
    }

    static ContainerStatus running(String name, int attempt) {
        return new ContainerStatus(name + attempt, "sb", name, attempt, false, "docker.io/library/nginx:latest",
                "docker.io/library/nginx@sha256:x", ContainerStatus.State.RUNNING, NOW, NOW, null, 0, null, null);
    }

    static ContainerStatus exited(String name, int attempt, int code, boolean init) {
        return new ContainerStatus(name + attempt, "sb", name, attempt, init, "img", "ref", ContainerStatus.State.EXITED,
                NOW, NOW, NOW.plusSeconds(1), code, code == 0 ? "Completed" : "Error", null);
    }

    static PodStatus build(Pod pod, List<ContainerStatus> cs, Map<String, Waiting> waiting) {
        return PodStatusComputer.build(pod, new Observed("172.18.0.2", "sim", SANDBOX, cs, waiting, false), NOW);
    }

    static PodCondition cond(PodStatus s, String type) {
        return s.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    @Test
    void pendingWhileInitRunsWithKubeletReasons() {
        PodStatus s = build(pod("Always", true), List.of(running("init", 0)), Map.of());
        assertThat(s.getPhase()).isEqualTo("Pending");
        assertThat(cond(s, "Initialized").getMessage()).isEqualTo("containers with incomplete status: [init]");
        assertThat(cond(s, "Initialized").getReason()).isEqualTo("ContainersNotInitialized");
        assertThat(cond(s, "Ready").getMessage()).isEqualTo("containers with unready status: [a b]");
        assertThat(s.getContainerStatuses().get(0).getState().getWaiting().getReason()).isEqualTo("PodInitializing");
        assertThat(cond(s, "PodReadyToStartContainers").getStatus()).isEqualTo("True");
    }

    @Test
    void failedInitContainerFailsANeverPodButKeepsOthersPending() {
        List<ContainerStatus> cs = List.of(exited("init", 0, 1, true));
        assertThat(build(pod("Never", true), cs, Map.of()).getPhase()).isEqualTo("Failed");
        assertThat(build(pod("OnFailure", true), cs, Map.of()).getPhase()).isEqualTo("Pending");
    }

    @Test
    void phaseFromContainerOutcomesPerRestartPolicy() {
        List<ContainerStatus> okAndFailed = List.of(exited("a", 0, 0, false), exited("b", 0, 2, false));
        assertThat(build(pod("Never", false), okAndFailed, Map.of()).getPhase()).isEqualTo("Failed");
        assertThat(build(pod("OnFailure", false), okAndFailed, Map.of()).getPhase()).isEqualTo("Running");
        assertThat(build(pod("Always", false), okAndFailed, Map.of()).getPhase()).isEqualTo("Running");
        List<ContainerStatus> bothOk = List.of(exited("a", 0, 0, false), exited("b", 0, 0, false));
        PodStatus done = build(pod("OnFailure", false), bothOk, Map.of());
        assertThat(done.getPhase()).isEqualTo("Succeeded");
        assertThat(cond(done, "Ready").getReason()).isEqualTo("PodCompleted");
        assertThat(cond(done, "PodReadyToStartContainers").getStatus()).isEqualTo("False");
    }

    @Test
    void crashLoopingContainerShowsWaitingAndLastState() {
        List<ContainerStatus> cs = List.of(running("a", 0), exited("b", 0, 1, false), exited("b", 1, 1, false));
        PodStatus s = build(pod("Always", false), cs, Map.of("b", new Waiting("CrashLoopBackOff", "back-off 10s ...")));
        var b = s.getContainerStatuses().get(1);
        assertThat(b.getRestartCount()).isEqualTo(1);
        assertThat(b.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
        assertThat(b.getLastState().getTerminated().getExitCode()).isEqualTo(1);
        assertThat(b.getContainerID()).isEqualTo("sim://b1");
        assertThat(s.getPhase()).isEqualTo("Running");
        assertThat(cond(s, "ContainersReady").getMessage()).isEqualTo("containers with unready status: [b]");
    }

    @Test
    void keepsOtherComponentsConditionsAndTransitionTimes() {
        Pod p = pod("Always", false);
        PodStatus first = build(p, List.of(running("a", 0), running("b", 0)), Map.of());
        first.getConditions().add(0, new io.fabric8.kubernetes.api.model.PodConditionBuilder()
                .withType("DisruptionTarget").withStatus("True").withReason("EvictionByEvictionAPI").build());
        p.setStatus(first);
        PodStatus later = PodStatusComputer.build(p, new Observed("172.18.0.2", "sim", SANDBOX,
                List.of(running("a", 0), running("b", 0)), Map.of(), false), NOW.plusSeconds(60));
        assertThat(later).isEqualTo(first);
        assertThat(later.getConditions().get(0).getType()).isEqualTo("DisruptionTarget");
        assertThat(cond(later, "Ready").getLastTransitionTime()).isEqualTo("2025-01-01T10:00:00Z");
    }

    @Test
    void terminalPhaseNeverChanges() {
        Pod p = pod("Always", false);
        p.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Failed").build());
        assertThat(build(p, List.of(running("a", 0), running("b", 0)), Map.of()).getPhase()).isEqualTo("Failed");
    }
}
