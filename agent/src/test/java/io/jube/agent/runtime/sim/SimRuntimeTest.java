package io.jube.agent.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jube.agent.runtime.ContainerConfig;
import io.jube.agent.runtime.ContainerEvent;
import io.jube.agent.runtime.ContainerRuntimeException;
import io.jube.agent.runtime.ContainerStatus;
import io.jube.agent.runtime.PodSandboxConfig;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimRuntimeTest {
    final SimRuntime rt = new SimRuntime("10.42.3.0/24");

    @AfterEach
    void close() {
        rt.close();
    }

    static PodSandboxConfig pod(String restartPolicy, Map<String, String> annotations) {
        return new PodSandboxConfig("p", "default", "uid-1", 0, "p", Map.of(), annotations, false, "172.18.0.2",
                restartPolicy);
    }

    static ContainerConfig container(String name, boolean init) {
        return new ContainerConfig(name, 0, "nginx", null, null, null, null, null, init);
    }

    @Test
    void sandboxesGetDistinctAddressesFromTheNodeCidr() {
        Set<String> ips = new HashSet<>();
        for (int i = 0; i < 253; i++) {
            String id = rt.runPodSandbox(pod("Always", Map.of()));
            ips.add(rt.podSandboxStatus(id).orElseThrow().ip());
        }
        assertThat(ips).hasSize(253).allMatch(ip -> ip.startsWith("10.42.3."))
                .doesNotContain("10.42.3.0", "10.42.3.1", "10.42.3.255");
        assertThatThrownBy(() -> rt.runPodSandbox(pod("Always", Map.of())))
                .isInstanceOf(ContainerRuntimeException.class).hasMessageContaining("no free IP address left in pod CIDR 10.42.3.0/24");
    }

    @Test
    void removedSandboxReleasesItsAddress() {
        String a = rt.runPodSandbox(pod("Always", Map.of()));
        String ip = rt.podSandboxStatus(a).orElseThrow().ip();
        rt.removePodSandbox(a);
        assertThat(rt.podSandboxStatus(a)).isEmpty();
        Set<String> later = new HashSet<>();
        for (int i = 0; i < 253; i++) {
            later.add(rt.podSandboxStatus(rt.runPodSandbox(pod("Always", Map.of()))).orElseThrow().ip());
        }
        assertThat(later).contains(ip);
    }

    @Test
    void hostNetworkSandboxUsesTheNodeAddress() {
        var cfg = new PodSandboxConfig("p", "default", "u", 0, "p", Map.of(), Map.of(), true, "172.18.0.2", "Always");
        assertThat(rt.podSandboxStatus(rt.runPodSandbox(cfg)).orElseThrow().ip()).isEqualTo("172.18.0.2");
    }

    @Test
    void alwaysContainerRunsUntilStopped() {
        String sb = rt.runPodSandbox(pod("Always", Map.of()));
        String id = rt.createContainer(sb, container("app", false));
        assertThat(rt.containerStatus(id).orElseThrow().state()).isEqualTo(ContainerStatus.State.CREATED);
        rt.startContainer(id);
        ContainerStatus s = rt.containerStatus(id).orElseThrow();
        assertThat(s.state()).isEqualTo(ContainerStatus.State.RUNNING);
        assertThat(s.image()).isEqualTo("docker.io/library/nginx:latest");
        assertThat(s.imageRef()).startsWith("docker.io/library/nginx@sha256:");
        rt.stopContainer(id, 30).orTimeout(5, TimeUnit.SECONDS).join();
        s = rt.containerStatus(id).orElseThrow();
        assertThat(s.state()).isEqualTo(ContainerStatus.State.EXITED);
        // stopped by SIGTERM within the grace period: 128 + 15, reported as an error like any non-zero exit
        assertThat(s.exitCode()).isEqualTo(143);
        assertThat(s.reason()).isEqualTo("Error");
        assertThat(rt.logs(id, 0)).anyMatch(l -> l.contains("received SIGTERM"));
    }

    @Test
    void neverContainerExitsWithTheAnnotatedCodeAndReportsIt() {
        List<ContainerEvent> events = new CopyOnWriteArrayList<>();
        rt.setEventListener(events::add);
        String sb = rt.runPodSandbox(pod("Never", Map.of(SimRuntime.RUN_SECONDS, "0.2", SimRuntime.EXIT_CODE, "3")));
        String id = rt.createContainer(sb, container("app", false));
        rt.startContainer(id);
        await().atMost(Duration.ofSeconds(5)).until(() -> rt.containerStatus(id).orElseThrow().exited());
        ContainerStatus s = rt.containerStatus(id).orElseThrow();
        assertThat(s.exitCode()).isEqualTo(3);
        assertThat(s.reason()).isEqualTo("Error");
        assertThat(s.finishedAt()).isAfterOrEqualTo(s.startedAt());
        assertThat(events).extracting(ContainerEvent::type).containsSubsequence(
                ContainerEvent.Type.CREATED, ContainerEvent.Type.STARTED, ContainerEvent.Type.STOPPED);
    }

    @Test
    void initContainerSucceedsEvenWhenThePodsContainersFail() {
        String sb = rt.runPodSandbox(pod("Never", Map.of(SimRuntime.EXIT_CODE, "1")));
        String id = rt.createContainer(sb, container("init", true));
        rt.startContainer(id);
        await().atMost(Duration.ofSeconds(5)).until(() -> rt.containerStatus(id).orElseThrow().exited());
        assertThat(rt.containerStatus(id).orElseThrow().exitCode()).isZero();
        assertThat(rt.containerStatus(id).orElseThrow().reason()).isEqualTo("Completed");
    }

    @Test
    void containerThatOutlastsTheGracePeriodIsKilled() {
        String sb = rt.runPodSandbox(pod("Always", Map.of(SimRuntime.STOP_SECONDS, "3600")));
        String id = rt.createContainer(sb, container("app", false));
        rt.startContainer(id);
        rt.stopContainer(id, 0).orTimeout(5, TimeUnit.SECONDS).join();
        assertThat(rt.containerStatus(id).orElseThrow().exitCode()).isEqualTo(137);
        assertThat(rt.containerStatus(id).orElseThrow().reason()).isEqualTo("Error");
    }

    @Test
    void stoppingTheSandboxKillsItsRunningContainers() {
        String sb = rt.runPodSandbox(pod("Always", Map.of()));
        String id = rt.createContainer(sb, container("app", false));
        rt.startContainer(id);
        rt.stopPodSandbox(sb);
        ContainerStatus s = rt.containerStatus(id).orElseThrow();
        assertThat(s.exited()).isTrue();
        assertThat(s.exitCode()).isEqualTo(137);
        assertThat(s.reason()).isEqualTo("Error");
    }

    @Test
    void badAnnotationsAreClearErrors() {
        String sb = rt.runPodSandbox(pod("Never", Map.of(SimRuntime.EXIT_CODE, "300")));
        assertThatThrownBy(() -> rt.createContainer(sb, container("app", false)))
                .isInstanceOf(ContainerRuntimeException.class)
                .hasMessage("annotation jube.io/sim-exit-code: \"300\" is not an exit code between 0 and 255");
        String sb2 = rt.runPodSandbox(pod("Never", Map.of(SimRuntime.RUN_SECONDS, "-1")));
        assertThatThrownBy(() -> rt.createContainer(sb2, container("app", false)))
                .hasMessageContaining("jube.io/sim-run-seconds");
    }

    @Test
    void unknownIdsAreNotFound() {
        assertThatThrownBy(() -> rt.startContainer("nope"))
                .isInstanceOfSatisfying(ContainerRuntimeException.class, e -> assertThat(e.isNotFound()).isTrue());
        assertThat(rt.containerStatus("nope")).isEmpty();
        rt.removeContainer("nope");
        rt.removePodSandbox("nope");
    }

    @Test
    void podCidrsPerNodeIndex() {
        assertThat(SimRuntime.podCidrFor(0)).isEqualTo("10.42.0.0/24");
        assertThat(SimRuntime.podCidrFor(255)).isEqualTo("10.42.255.0/24");
        assertThat(SimRuntime.podCidrFor(256)).isEqualTo("10.43.0.0/24");
        assertThatThrownBy(() -> SimRuntime.podCidrFor(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
