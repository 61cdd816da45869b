package io.jube.agent;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jube.agent.PodStatusComputer.Observed;
import io.jube.agent.PodStatusComputer.Waiting;
import io.jube.agent.runtime.ContainerConfig;
import io.jube.agent.runtime.ContainerRuntimeException;
import io.jube.agent.runtime.ContainerStatus;
import io.jube.agent.runtime.PodSandboxConfig;
import io.jube.agent.runtime.PodSandboxStatus;
import io.jube.agent.runtime.Runtime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one pod towards its spec, like a kubelet pod worker: creates the sandbox, runs init
 * containers one after another to completion, then the containers; restarts exited containers per
 * restartPolicy with crash-loop back-off; on deletion stops containers within the grace period,
 * reports the final status and deletes the pod with grace 0. Every sync runs serialised for the pod;
 * waiting is done with timers and runtime events, never by blocking.
 */
final class PodWorker {
    private static final Logger LOG = LoggerFactory.getLogger(PodWorker.class);
    private static final long RETRY_MS = 1000;
    private static final long DEFAULT_GRACE_SECONDS = 30;

    private final PodWorkers owner;
    private final Runtime runtime;
    private final String uid;
    private final SerialRunner runner;
    private final CrashLoopBackOff backOff;
    private volatile Pod pod;
    private volatile boolean gone;
    private volatile boolean closed;

    // Below: touched only inside sync(), which never runs concurrently with itself.
    private String sandboxId;
    private int sandboxAttempt;
    private boolean sandboxStopped;
    private CompletableFuture<Void> stopping;
    private boolean deleteSent;
    private volatile boolean deleteFailed;
    private Pod finalPod;
    private boolean done;
    private final Map<String, Waiting> waiting = new HashMap<>();
    private final Map<String, String> backOffReported = new HashMap<>();
    private ScheduledFuture<?> wakeup;
    private Instant wakeupAt;
    private volatile boolean wakeupPending;

    PodWorker(PodWorkers owner, String uid) {
        this.owner = owner;
        this.runtime = owner.runtime;
        this.uid = uid;
        this.runner = new SerialRunner(owner.executor, this::sync);
        this.backOff = new CrashLoopBackOff(owner.options.crashLoopBackOffInitial(), owner.options.crashLoopBackOffMax());
    }

    String uid() {
        return uid;
    }

    void update(Pod p) {
        pod = p;
        runner.request();
    }

    void gone() {
        gone = true;
        runner.request();
    }

    void request() {
        runner.request();
    }

    void close() {
        closed = true;
        ScheduledFuture<?> w = wakeup;
        if (w != null) {
            w.cancel(false);
        }
    }

    private void sync() {
        if (done || closed) {
            return;
        }
        try {
            if (gone) {
                teardown();
                return;
            }
            Pod p = pod;
            if (p.getMetadata().getDeletionTimestamp() != null) {
                terminate(p);
            } else if (PodStatusComputer.isTerminal(p.getStatus() == null ? null : p.getStatus().getPhase())) {
                finished(p);
            } else if (deadlineExceeded(p)) {
                failForDeadline(p);
            } else {
                run(p);
            }
        } catch (ContainerRuntimeException | KubernetesClientException e) {
            LOG.warn("syncing pod {}/{} failed, retrying: {}", pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(), e.getMessage());
            wakeIn(Duration.ofMillis(RETRY_MS));
        } catch (RuntimeException e) {
            LOG.error("syncing pod {}/{} failed, retrying", pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(), e);
            wakeIn(Duration.ofMillis(RETRY_MS));
        }
    }

    // ---- running ----

    private void run(Pod p) {
        waiting.clear();
        if (!ensureSandbox(p)) {
            writeStatus(p, false);
            return;
        }
        Map<String, ContainerStatus> latest = latestAttempts();
        if (runInitContainers(p, latest)) {
            String policy = restartPolicy(p);
            for (Container c : p.getSpec().getContainers()) {
                ContainerStatus l = latest.get(c.getName());
                if (l == null) {
                    startNew(p, c, 0, false);
                } else if (l.state() == ContainerStatus.State.CREATED) {
                    start(p, c.getName(), l.id());
                } else if (l.exited() && shouldRestart(policy, l.exitCode())) {
                    restart(p, c, l, false);
                }
            }
        }
        writeStatus(p, false);
    }

    /** Starts init containers in order; true once all completed (sidecars: started). */
    private boolean runInitContainers(Pod p, Map<String, ContainerStatus> latest) {
        boolean never = "Never".equals(restartPolicy(p));
        for (Container c : p.getSpec().getInitContainers()) {
            boolean sidecar = "Always".equals(c.getRestartPolicy());
            ContainerStatus l = latest.get(c.getName());
            if (l == null) {
                if (!startNew(p, c, 0, !sidecar) || !sidecar) {
                    return false;
                }
            } else if (l.state() == ContainerStatus.State.CREATED) {
                start(p, c.getName(), l.id());
                return false;
            } else if (l.running()) {
                if (!sidecar) {
                    return false;
                }
            } else if (sidecar) {
                restart(p, c, l, true);
            } else if (l.exitCode() != 0) {
                if (!never) {
                    restart(p, c, l, true);
                }
                return false;
            }
        }
        return true;
    }

    private boolean ensureSandbox(Pod p) {
        if (sandboxId != null) {
            PodSandboxStatus s = runtime.podSandboxStatus(sandboxId).orElse(null);
            if (s != null && s.ready()) {
                return true;
            }
            // The sandbox died: like the kubelet, start the pod over in a new one.
            runtime.removePodSandbox(sandboxId);
            owner.sandboxRemoved(sandboxId);
            sandboxId = null;
            sandboxAttempt++;
        }
        try {
            sandboxId = runtime.runPodSandbox(sandboxConfig(p));
            owner.sandboxCreated(sandboxId, this);
            return true;
        } catch (ContainerRuntimeException e) {
            LOG.warn("creating sandbox of pod {}/{} failed: {}", p.getMetadata().getNamespace(),
                    p.getMetadata().getName(), e.getMessage());
            wakeIn(owner.options.crashLoopBackOffInitial());
            return false;
        }
    }

    private boolean startNew(Pod p, Container c, int attempt, boolean init) {
        String field = fieldPath(p, c.getName());
        event(p, field, "Normal", "Pulled", "Container image \"" + c.getImage() + "\" already present on machine");
        String id;
        try {
            id = runtime.createContainer(sandboxId, containerConfig(p, c, attempt, init));
        } catch (ContainerRuntimeException e) {
            if (e.isNotFound()) {
                throw e;
            }
            waiting.put(c.getName(), new Waiting("CreateContainerError", e.getMessage()));
            event(p, field, "Warning", "Failed", "Error: " + e.getMessage());
            wakeIn(owner.options.crashLoopBackOffInitial());
            return false;
        }
        event(p, field, "Normal", "Created", "Created container: " + c.getName());
        return start(p, c.getName(), id);
    }

    private boolean start(Pod p, String name, String id) {
        try {
            runtime.startContainer(id);
            event(p, fieldPath(p, name), "Normal", "Started", "Started container " + name);
            return true;
        } catch (ContainerRuntimeException e) {
            waiting.put(name, new Waiting("RunContainerError", e.getMessage()));
            event(p, fieldPath(p, name), "Warning", "Failed", "Error: " + e.getMessage());
            wakeIn(owner.options.crashLoopBackOffInitial());
            return false;
        }
    }

    /** Restarts an exited container unless it is backing off, then only marks it CrashLoopBackOff. */
    private void restart(Pod p, Container c, ContainerStatus exited, boolean init) {
        Instant now = Instant.now();
        Duration left = backOff.remaining(c.getName(), exited.finishedAt(), now);
        if (!left.isZero()) {
            if (!exited.id().equals(backOffReported.put(c.getName(), exited.id()))) {
                event(p, fieldPath(p, c.getName()), "Warning", "BackOff", "Back-off restarting failed container "
                        + c.getName() + " in pod " + p.getMetadata().getName() + "_" + p.getMetadata().getNamespace()
                        + "(" + uid + ")");
            }
            waiting.put(c.getName(), new Waiting("CrashLoopBackOff", "back-off "
                    + CrashLoopBackOff.goDuration(backOff.current(c.getName())) + " restarting failed container="
                    + c.getName() + " pod=" + p.getMetadata().getName() + "_" + p.getMetadata().getNamespace()
                    + "(" + uid + ")"));
            wakeIn(left);
            return;
        }
        if (startNew(p, c, exited.attempt() + 1, init)) {
            backOff.restarted(c.getName(), now);
        }
        // Keep the previous attempt (for lastState) and drop older ones.
        for (ContainerStatus old : runtime.listContainers(sandboxId)) {
            if (old.name().equals(c.getName()) && old.attempt() < exited.attempt()) {
                runtime.removeContainer(old.id());
            }
        }
    }

    // ---- stopping ----

    /** A pod being deleted: stop containers within the grace period, report, then delete it for good. */
    private void terminate(Pod p) {
        cancelWakeup();
        if (!stopAll(p, gracePeriod(p))) {
            return;
        }
        if (deleteFailed) {
            deleteFailed = false;
            deleteSent = false;
        }
        if (deleteSent) {
            return;
        }
        if (finalPod == null) {
            finalPod = writeStatus(p, true);
            if (finalPod == null) {
                return; // gone already; the informer's delete event tears down
            }
            removeSandbox();
        }
        deleteSent = true;
        Pod target = finalPod;
        owner.api.deleteNow(target).whenComplete((ok, e) -> {
            if (e != null || !Boolean.TRUE.equals(ok)) {
                LOG.warn("deleting pod {}/{} failed, retrying{}", target.getMetadata().getNamespace(),
                        target.getMetadata().getName(), e == null ? "" : ": " + e.getMessage());
                deleteFailed = true;
                owner.executor.schedule(runner::request, RETRY_MS, TimeUnit.MILLISECONDS);
            }
        });
    }

    /**
     * Asks every container to stop within {@code grace} seconds (once); true when all have stopped.
     * Completion of the stops requests another sync.
     */
    private boolean stopAll(Pod p, long grace) {
        if (sandboxId == null) {
            return true;
        }
        if (stopping == null) {
            List<CompletableFuture<Void>> stops = new ArrayList<>();
            for (ContainerStatus c : runtime.listContainers(sandboxId)) {
                if (c.running() || c.state() == ContainerStatus.State.CREATED) {
                    event(p, fieldPath(p, c.name()), "Normal", "Killing", "Stopping container " + c.name());
                    stops.add(runtime.stopContainer(c.id(), grace));
                }
            }
            stopping = CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new));
            stopping.whenComplete((v, e) -> runner.request());
        }
        return stopping.isDone();
    }

    /** spec.activeDeadlineSeconds counted from status.startTime, as the kubelet enforces it. */
    private boolean deadlineExceeded(Pod p) {
        Long deadline = p.getSpec().getActiveDeadlineSeconds();
        String start = p.getStatus() == null ? null : p.getStatus().getStartTime();
        if (deadline == null || start == null) {
            return false;
        }
        Instant end;
        try {
            end = Instant.parse(start).plusSeconds(deadline);
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
        Duration left = Duration.between(Instant.now(), end);
        if (left.isNegative() || left.isZero()) {
            return true;
        }
        wakeIn(left);
        return false;
    }

    private void failForDeadline(Pod p) {
        cancelWakeup();
        if (!stopAll(p, terminationGrace(p))) {
            return;
        }
        event(p, null, "Warning", "DeadlineExceeded", "Pod was active on the node longer than the specified deadline");
        writeStatus(p, true, new Waiting("DeadlineExceeded",
                "Pod was active on the node longer than the specified deadline"));
    }

    private static long terminationGrace(Pod p) {
        Long g = p.getSpec().getTerminationGracePeriodSeconds();
        return g == null ? DEFAULT_GRACE_SECONDS : Math.max(0, g);
    }

    /** A pod in a terminal phase: make sure nothing runs any more and its IP is released. */
    private void finished(Pod p) {
        cancelWakeup();
        if (sandboxId == null) {
            return; // never ran here (or the agent restarted): nothing to stop, nothing new to report
        }
        if (!sandboxStopped) {
            runtime.stopPodSandbox(sandboxId);
            sandboxStopped = true;
        }
        writeStatus(p, true);
    }

    /** The pod is gone from the API: remove whatever still runs. */
    private void teardown() {
        cancelWakeup();
        removeSandbox();
        done = true;
        owner.forget(this);
    }

    private void removeSandbox() {
        if (sandboxId != null) {
            runtime.removePodSandbox(sandboxId);
            owner.sandboxRemoved(sandboxId);
            sandboxId = null;
        }
    }

    // ---- status ----

    private Pod writeStatus(Pod p, boolean terminating) {
        return writeStatus(p, terminating, null);
    }

    private Pod writeStatus(Pod p, boolean terminating, Waiting failure) {
        String hostIP = owner.options.internalIP();
        Pod written = owner.api.writeStatus(p, current -> {
            PodSandboxStatus sb = sandboxId == null ? null : runtime.podSandboxStatus(sandboxId).orElse(null);
            List<ContainerStatus> cs = sandboxId == null ? List.of() : runtime.listContainers(sandboxId);
            return PodStatusComputer.build(current, new Observed(hostIP, runtime.name(), sb, cs, Map.copyOf(waiting),
                    terminating, failure), Instant.now());
        });
        if (written != null && written != p && pod == p) {
            pod = written; // the informer will deliver it too; meanwhile don't compute from a stale copy
        }
        return written;
    }

    // ---- helpers ----

    private void event(Pod p, String fieldPath, String type, String reason, String message) {
        if (owner.events != null) {
            owner.events.record(p, fieldPath, type, reason, message);
        }
    }

    private static String fieldPath(Pod p, String container) {
        boolean init = p.getSpec().getInitContainers().stream().anyMatch(c -> container.equals(c.getName()));
        return (init ? "spec.initContainers{" : "spec.containers{") + container + "}";
    }

    private void wakeIn(Duration d) {
        Instant at = Instant.now().plus(d);
        if (wakeupPending && wakeupAt != null && !wakeupAt.isAfter(at)) {
            return; // an earlier wake-up is already due
        }
        cancelWakeup();
        wakeupAt = at;
        wakeupPending = true;
        // rounded up: a wake-up a fraction of a millisecond early found the back-off not over and must wait again
        long ms = Math.max(1, (d.toNanos() + 999_999) / 1_000_000);
        wakeup = owner.executor.schedule(() -> {
            // cleared before the sync it causes: that sync (on another thread) must not count this wake-up as still
            // due. Testing the future's isDone() there raced with it and lost the wake-up: crash loops stalled
            wakeupPending = false;
            runner.request();
        }, ms, TimeUnit.MILLISECONDS);
    }

    private void cancelWakeup() {
        wakeupPending = false;
        if (wakeup != null) {
            wakeup.cancel(false);
            wakeup = null;
        }
    }

    private Map<String, ContainerStatus> latestAttempts() {
        Map<String, ContainerStatus> latest = new HashMap<>();
        for (ContainerStatus c : runtime.listContainers(sandboxId)) {
            latest.merge(c.name(), c, (a, b) -> a.attempt() >= b.attempt() ? a : b);
        }
        return latest;
    }

    private static boolean shouldRestart(String policy, int exitCode) {
        return switch (policy) {
            case "Never" -> false;
            case "OnFailure" -> exitCode != 0;
            default -> true;
        };
    }

    private static String restartPolicy(Pod p) {
        String r = p.getSpec().getRestartPolicy();
        return r == null ? "Always" : r;
    }

    private static long gracePeriod(Pod p) {
        Long g = p.getMetadata().getDeletionGracePeriodSeconds();
        if (g == null) {
            g = p.getSpec().getTerminationGracePeriodSeconds();
        }
        return g == null ? DEFAULT_GRACE_SECONDS : Math.max(0, g);
    }

    private PodSandboxConfig sandboxConfig(Pod p) {
        var m = p.getMetadata();
        String hostname = p.getSpec().getHostname() != null ? p.getSpec().getHostname() : m.getName();
        return new PodSandboxConfig(m.getName(), m.getNamespace(), m.getUid(), sandboxAttempt, hostname,
                m.getLabels(), m.getAnnotations(), Boolean.TRUE.equals(p.getSpec().getHostNetwork()),
                owner.options.internalIP(), restartPolicy(p));
    }

    private static ContainerConfig containerConfig(Pod p, Container c, int attempt, boolean init) {
        Map<String, String> env = new LinkedHashMap<>();
        if (c.getEnv() != null) {
            for (EnvVar e : c.getEnv()) {
                if (e.getValueFrom() == null) {
                    env.put(e.getName(), e.getValue() == null ? "" : e.getValue());
                }
            }
        }
        Map<String, String> labels = Map.of(
                "io.kubernetes.container.name", c.getName(),
                "io.kubernetes.pod.name", p.getMetadata().getName(),
                "io.kubernetes.pod.namespace", p.getMetadata().getNamespace(),
                "io.kubernetes.pod.uid", p.getMetadata().getUid());
        return new ContainerConfig(c.getName(), attempt, c.getImage(), c.getCommand(), c.getArgs(), env, labels,
                Map.of(), init);
    }
}
