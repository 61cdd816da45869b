package io.jube.agent;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodStatus;

import io.jube.agent.runtime.ContainerStatus;
import io.jube.agent.runtime.PodSandboxStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes a pod's status from what the runtime reports, the way the kubelet's generateAPIPodStatus
 * does: phase, the kubelet-owned conditions (PodReadyToStartContainers, Initialized, Ready,
 * ContainersReady, PodScheduled), host and pod IPs, start time and one status per container.
 * Conditions other components own are kept; a condition keeps its lastTransitionTime while its status
 * holds; a terminal phase never changes again. Pure: no API or runtime calls.
 */
final class PodStatusComputer {
    static final Set<String> KUBELET_CONDITIONS = Set.of("PodReadyToStartContainers", "Initialized", "Ready",
            "ContainersReady", "PodScheduled");

    /** Why a container is waiting when the runtime alone cannot tell (back-off, create errors). */
    record Waiting(String reason, String message) {
    }

    /**
     * What the agent observed: node IP, the runtime's sandbox and containers, waiting reasons; whether
     * the pod is being stopped; and {@code failure}, set when the agent itself failed the pod (for
     * example DeadlineExceeded), which makes the phase Failed with that reason and message.
     */
    record Observed(String hostIP, String runtimeName, PodSandboxStatus sandbox, List<ContainerStatus> containers,
                    Map<String, Waiting> waiting, boolean terminating, Waiting failure) {
        Observed(String hostIP, String runtimeName, PodSandboxStatus sandbox, List<ContainerStatus> containers,
                 Map<String, Waiting> waiting, boolean terminating) {
            this(hostIP, runtimeName, sandbox, containers, waiting, terminating, null);
        }
    }

    private PodStatusComputer() {
    }

    static boolean isTerminal(String phase) {
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    static PodStatus build(Pod pod, Observed o, Instant now) {
        PodStatus old = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        String restartPolicy = pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
        Map<String, List<ContainerStatus>> attempts = new HashMap<>();
        for (ContainerStatus c : o.containers()) {
            attempts.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(c);
        }
        attempts.values().forEach(l -> l.sort(Comparator.comparingInt(ContainerStatus::attempt).reversed()));

        // Init containers: done when each ran to success (a sidecar, restartPolicy Always, once started).
        List<io.fabric8.kubernetes.api.model.ContainerStatus> initStatuses = new ArrayList<>();
        List<String> incomplete = new ArrayList<>();
        boolean initFailed = false;
        List<String> unreadySidecars = new ArrayList<>();
        for (Container c : pod.getSpec().getInitContainers()) {
            boolean sidecar = "Always".equals(c.getRestartPolicy());
            var s = containerStatus(c, attempts.get(c.getName()), o, true, sidecar, "PodInitializing");
            initStatuses.add(s);
            ContainerState st = s.getState();
            if (sidecar) {
                if (st.getRunning() == null) {
                    incomplete.add(c.getName());
                }
                if (!Boolean.TRUE.equals(s.getReady())) {
                    unreadySidecars.add(c.getName());
                }
            } else if (st.getTerminated() == null || st.getTerminated().getExitCode() != 0) {
                incomplete.add(c.getName());
                ContainerState lastTerm = st.getTerminated() != null ? st : s.getLastState();
                if (lastTerm != null && lastTerm.getTerminated() != null && lastTerm.getTerminated().getExitCode() != 0) {
                    initFailed = true;
                }
            }
        }
        boolean initialized = incomplete.isEmpty();

        List<io.fabric8.kubernetes.api.model.ContainerStatus> statuses = new ArrayList<>();
        List<String> unready = new ArrayList<>(unreadySidecars);
        int running = 0;
        int waiting = 0;
        int stopped = 0;
        int succeeded = 0;
        for (Container c : pod.getSpec().getContainers()) {
            var s = containerStatus(c, attempts.get(c.getName()), o, false, false,
                    initialized ? "ContainerCreating" : "PodInitializing");
            statuses.add(s);
            if (!Boolean.TRUE.equals(s.getReady())) {
                unready.add(c.getName());
            }
            ContainerState st = s.getState();
            if (st.getRunning() != null) {
                running++;
            } else if (st.getTerminated() != null) {
                stopped++;
                succeeded += st.getTerminated().getExitCode() == 0 ? 1 : 0;
            } else if (s.getLastState() != null && s.getLastState().getTerminated() != null) {
                stopped++;
                succeeded += s.getLastState().getTerminated().getExitCode() == 0 ? 1 : 0;
            } else {
                waiting++;
            }
        }

        String phase;
        if (isTerminal(old.getPhase())) {
            phase = old.getPhase();
        } else if (o.failure() != null) {
            phase = "Failed";
        } else if (initFailed && "Never".equals(restartPolicy)) {
            phase = "Failed";
        } else if (!initialized || waiting > 0) {
            phase = o.terminating() ? "Failed" : "Pending";
        } else if (running > 0) {
            phase = "Running";
        } else if (stopped > 0) {
            boolean allOk = stopped == succeeded;
            if (o.terminating()) {
                phase = allOk ? "Succeeded" : "Failed";
            } else {
                phase = switch (restartPolicy) {
                    case "Never" -> allOk ? "Succeeded" : "Failed";
                    case "OnFailure" -> allOk ? "Succeeded" : "Running";
                    default -> "Running";
                };
            }
        } else {
            phase = "Pending";
        }

        List<PodCondition> oldConditions = old.getConditions() == null ? List.of() : old.getConditions();
        List<PodCondition> conditions = new ArrayList<>();
        for (PodCondition c : oldConditions) {
            if (!KUBELET_CONDITIONS.contains(c.getType())) {
                conditions.add(c);
            }
        }
        boolean sandboxReady = o.sandbox() != null && o.sandbox().ready() && !isTerminal(phase);
        conditions.add(condition(oldConditions, now, "PodReadyToStartContainers", sandboxReady, null, null));
        boolean completed = "Succeeded".equals(phase);
        if (initialized) {
            conditions.add(condition(oldConditions, now, "Initialized", true, completed ? "PodCompleted" : null, null));
        } else {
            conditions.add(condition(oldConditions, now, "Initialized", false, "ContainersNotInitialized",
                    "containers with incomplete status: [" + String.join(" ", incomplete) + "]"));
        }
        PodCondition containersReady;
        if (completed) {
            containersReady = condition(oldConditions, now, "ContainersReady", false, "PodCompleted", null);
        } else if (!unready.isEmpty()) {
            containersReady = condition(oldConditions, now, "ContainersReady", false, "ContainersNotReady",
                    "containers with unready status: [" + String.join(" ", unready) + "]");
        } else {
            containersReady = condition(oldConditions, now, "ContainersReady", true, null, null);
        }
        conditions.add(readyCondition(pod, oldConditions, containersReady, now));
        conditions.add(containersReady);
        conditions.add(condition(oldConditions, now, "PodScheduled", true, null, null));

        String podIP = o.sandbox() != null && o.sandbox().ip() != null ? o.sandbox().ip() : old.getPodIP();
        var b = new io.fabric8.kubernetes.api.model.PodStatusBuilder(old);
        if (o.failure() != null && !isTerminal(old.getPhase())) {
            b.withReason(o.failure().reason()).withMessage(o.failure().message());
        }
        return b.withPhase(phase)
                .withConditions(conditions)
                .withHostIP(o.hostIP())
                .withHostIPs(new HostIP(o.hostIP()))
                .withPodIP(podIP)
                .withPodIPs(podIP == null ? List.of() : List.of(new PodIP(podIP)))
                .withStartTime(old.getStartTime() != null ? old.getStartTime() : Times.time(now))
                .withInitContainerStatuses(initStatuses)
                .withContainerStatuses(statuses)
                .build();
    }

    private static PodCondition readyCondition(Pod pod, List<PodCondition> old, PodCondition containersReady,
                                               Instant now) {
        if (!"True".equals(containersReady.getStatus())) {
            return condition(old, now, "Ready", false, containersReady.getReason(), containersReady.getMessage());
        }
        List<String> gateProblems = new ArrayList<>();
        List<PodReadinessGate> gates = pod.getSpec().getReadinessGates() == null ? List.of() : pod.getSpec().getReadinessGates();
        for (PodReadinessGate g : gates) {
            PodCondition c = find(old, g.getConditionType());
            if (c == null) {
                gateProblems.add("corresponding condition of pod readiness gate \"" + g.getConditionType()
                        + "\" does not exist.");
            } else if (!"True".equals(c.getStatus())) {
                gateProblems.add("the status of pod readiness gate \"" + g.getConditionType()
                        + "\" is not \"True\", but " + c.getStatus());
            }
        }
        if (!gateProblems.isEmpty()) {
            return condition(old, now, "Ready", false, "ReadinessGatesNotReady", String.join(", ", gateProblems));
        }
        return condition(old, now, "Ready", true, null, null);
    }

    private static io.fabric8.kubernetes.api.model.ContainerStatus containerStatus(
            Container spec, List<ContainerStatus> attempts, Observed o, boolean init, boolean sidecar,
            String defaultWaiting) {
        ContainerStatus latest = attempts == null || attempts.isEmpty() ? null : attempts.get(0);
        ContainerStatus previous = attempts == null || attempts.size() < 2 ? null : attempts.get(1);
        Waiting w = o.waiting().get(spec.getName());
        ContainerState state;
        ContainerState last = previous != null && previous.exited() ? terminated(previous, o) : new ContainerState();
        if (w != null && (latest == null || latest.exited())) {
            state = waiting(w.reason(), w.message());
            if (latest != null) {
                last = terminated(latest, o);
            }
        } else if (latest == null) {
            state = o.terminating()
                    ? new ContainerStateBuilder().withNewTerminated().withExitCode(137).withReason("ContainerStatusUnknown")
                            .withMessage("The container could not be located when the pod was terminated").endTerminated().build()
                    : waiting(defaultWaiting, null);
        } else if (latest.running()) {
            state = new ContainerStateBuilder().withNewRunning().withStartedAt(Times.time(latest.startedAt()))
                    .endRunning().build();
        } else if (latest.exited()) {
            state = terminated(latest, o);
        } else {
            state = waiting("ContainerCreating", null);
        }
        boolean running = latest != null && latest.running() && state.getRunning() != null;
        boolean ready = init
                ? (sidecar ? running : state.getTerminated() != null && state.getTerminated().getExitCode() == 0)
                : running;
        ContainerStatusBuilder b = new ContainerStatusBuilder()
                .withName(spec.getName())
                .withImage(latest != null ? latest.image() : spec.getImage())
                .withImageID(latest != null ? latest.imageRef() : "")
                .withReady(ready)
                .withStarted(running)
                .withRestartCount(latest == null ? 0 : latest.attempt())
                .withState(state)
                .withLastState(last);
        if (latest != null) {
            b.withContainerID(o.runtimeName() + "://" + latest.id());
        }
        return b.build();
    }

    private static ContainerState waiting(String reason, String message) {
        return new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message).endWaiting().build();
    }

    private static ContainerState terminated(ContainerStatus c, Observed o) {
        return new ContainerStateBuilder().withNewTerminated()
                .withContainerID(o.runtimeName() + "://" + c.id())
                .withExitCode(c.exitCode())
                .withReason(c.reason() != null ? c.reason() : c.exitCode() == 0 ? "Completed" : "Error")
                .withStartedAt(Times.time(c.startedAt()))
                .withFinishedAt(Times.time(c.finishedAt()))
                .endTerminated().build();
    }

    private static PodCondition condition(List<PodCondition> old, Instant now, String type, boolean status,
                                          String reason, String message) {
        String s = status ? "True" : "False";
        PodCondition prev = find(old, type);
        String since = prev != null && s.equals(prev.getStatus()) && prev.getLastTransitionTime() != null
                ? prev.getLastTransitionTime() : Times.time(now);
        return new PodConditionBuilder().withType(type).withStatus(s).withReason(reason).withMessage(message)
                .withLastProbeTime(null).withLastTransitionTime(since).build();
    }

    private static PodCondition find(List<PodCondition> conditions, String type) {
        for (PodCondition c : conditions) {
            if (type.equals(c.getType())) {
                return c;
            }
        }
        return null;
    }
}
