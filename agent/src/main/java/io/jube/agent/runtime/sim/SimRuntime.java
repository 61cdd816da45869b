package io.jube.agent.runtime.sim;

import io.jube.agent.runtime.ContainerConfig;
import io.jube.agent.runtime.ContainerEvent;
import io.jube.agent.runtime.ContainerRuntimeException;
import io.jube.agent.runtime.ContainerStats;
import io.jube.agent.runtime.ContainerStatus;
import io.jube.agent.runtime.ExecResult;
import io.jube.agent.runtime.ImageRef;
import io.jube.agent.runtime.PodSandboxConfig;
import io.jube.agent.runtime.PodSandboxStatus;
import io.jube.agent.runtime.Runtime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An in-memory runtime, the way kwok and kubemark simulate nodes: containers "run" at once and never
 * execute anything. A container exits after {@code jube.io/sim-run-seconds} (pod annotation; by default
 * at once for restartPolicy Never/OnFailure pods and never for Always pods) with exit code
 * {@code jube.io/sim-exit-code} (default 0), and takes {@code jube.io/sim-stop-seconds} (default 0) to
 * stop after SIGTERM. A stopped container reports what a real one without a SIGTERM handler does: 143
 * (128 + SIGTERM) when it stops within the grace period, 137 (128 + SIGKILL) when killed after it or with
 * its sandbox; both with reason "Error", as the kubelet reports any non-zero exit. Pod IPs come from the
 * node's pod CIDR; they are made-up addresses nobody ever connects to.
 *
 * <p>All timing is done with timers on the given scheduler, so thousands of simulated nodes can share
 * one small thread pool.
 */
public final class SimRuntime implements Runtime {
    public static final String RUN_SECONDS = SimBehaviour.RUN_SECONDS;
    public static final String EXIT_CODE = SimBehaviour.EXIT_CODE;
    public static final String STOP_SECONDS = SimBehaviour.STOP_SECONDS;
    private static final String VERSION = "0.1.0";
    /** Exit statuses of a process ended by a signal: 128 + the signal number. */
    static final int EXIT_SIGTERM = 128 + 15;
    static final int EXIT_SIGKILL = 128 + 9;
    private static final int MAX_LOG_LINES = 1000;

    private final IpPool ips;
    private final ScheduledExecutorService timers;
    private final boolean ownsTimers;
    private final Map<String, Sandbox> sandboxes = new HashMap<>();
    private final Map<String, Container> containers = new HashMap<>();
    private volatile Consumer<ContainerEvent> listener = e -> { };

    /** A runtime handing out pod IPs from {@code podCidr}, timing containers on {@code timers}. */
    public SimRuntime(String podCidr, ScheduledExecutorService timers) {
        this(podCidr, timers, false);
    }

    /** A runtime with its own single timer thread (for one standalone node). */
    public SimRuntime(String podCidr) {
        this(podCidr, Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sim-runtime");
            t.setDaemon(true);
            return t;
        }), true);
    }

    private SimRuntime(String podCidr, ScheduledExecutorService timers, boolean ownsTimers) {
        this.ips = new IpPool(podCidr);
        this.timers = timers;
        this.ownsTimers = ownsTimers;
    }

    /** The pod CIDR simulated node number {@code index} uses: 10.42.0.0/24, 10.42.1.0/24, ... 10.43.0.0/24, ... */
    public static String podCidrFor(int index) {
        if (index < 0 || index >= (255 - 42) * 256) {
            throw new IllegalArgumentException("simulated node index out of range: " + index);
        }
        return "10." + (42 + index / 256) + "." + (index % 256) + ".0/24";
    }

    @Override
    public String name() {
        return "sim";
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public synchronized String runPodSandbox(PodSandboxConfig config) {
        String ip = config.hostNetwork() && config.hostIP() != null ? config.hostIP() : ips.allocate();
        Sandbox sb = new Sandbox(newId(), config, ip, !config.hostNetwork(), Instant.now());
        sandboxes.put(sb.id, sb);
        return sb.id;
    }

    @Override
    public void stopPodSandbox(String sandboxId) {
        List<ContainerEvent> events = new ArrayList<>();
        synchronized (this) {
            Sandbox sb = sandbox(sandboxId);
            for (Container c : containers.values()) {
                if (c.sandbox == sb && c.state == ContainerStatus.State.RUNNING) {
                    exit(c, EXIT_SIGKILL, "Error", events);
                }
            }
            if (sb.ready) {
                sb.ready = false;
                if (sb.ownsIp) {
                    ips.release(sb.ip);
                }
            }
        }
        fire(events);
    }

    @Override
    public void removePodSandbox(String sandboxId) {
        List<ContainerEvent> events = new ArrayList<>();
        synchronized (this) {
            Sandbox sb = sandboxes.get(sandboxId);
            if (sb == null) {
                return;
            }
            containers.values().removeIf(c -> {
                if (c.sandbox != sb) {
                    return false;
                }
                discard(c, events);
                return true;
            });
            if (sb.ready && sb.ownsIp) {
                ips.release(sb.ip);
            }
            sb.ready = false;
            sandboxes.remove(sandboxId);
        }
        fire(events);
    }

    @Override
    public synchronized Optional<PodSandboxStatus> podSandboxStatus(String sandboxId) {
        Sandbox sb = sandboxes.get(sandboxId);
        if (sb == null) {
            return Optional.empty();
        }
        return Optional.of(new PodSandboxStatus(sb.id, sb.config,
                sb.ready ? PodSandboxStatus.State.READY : PodSandboxStatus.State.NOTREADY, sb.ip, sb.createdAt));
    }

    @Override
    public String createContainer(String sandboxId, ContainerConfig config) {
        Container c;
        synchronized (this) {
            Sandbox sb = sandbox(sandboxId);
            if (!sb.ready) {
                throw new ContainerRuntimeException("pod sandbox " + sandboxId + " is not ready");
            }
            SimBehaviour behaviour = SimBehaviour.of(sb.config, config);
            String image = ImageRef.normalize(config.image());
            String imageRef = ImageRef.repository(image) + "@" + ImageRef.syntheticDigest(image);
            c = new Container(newId(), sb, config, behaviour, image, imageRef, Instant.now());
            containers.put(c.id, c);
        }
        fire(List.of(new ContainerEvent(c.id, sandboxId, ContainerEvent.Type.CREATED)));
        return c.id;
    }

    @Override
    public void startContainer(String containerId) {
        Container c;
        synchronized (this) {
            c = container(containerId);
            if (c.state != ContainerStatus.State.CREATED) {
                throw new ContainerRuntimeException("container " + containerId + " is " + c.state
                        + ", only a created container can start");
            }
            c.state = ContainerStatus.State.RUNNING;
            c.startedAt = Instant.now();
            c.log("started " + c.config.name() + " (image " + c.image + ", attempt " + c.config.attempt() + ")");
            Duration run = c.behaviour.runFor();
            if (run != null) {
                Container target = c;
                c.timer = timers.schedule(() -> exitLater(target, target.behaviour.exitCode()),
                        run.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        fire(List.of(new ContainerEvent(containerId, c.sandbox.id, ContainerEvent.Type.STARTED)));
    }

    @Override
    public CompletableFuture<Void> stopContainer(String containerId, long timeoutSeconds) {
        synchronized (this) {
            Container c = container(containerId);
            if (c.state != ContainerStatus.State.RUNNING) {
                if (c.state == ContainerStatus.State.CREATED) {
                    c.state = ContainerStatus.State.EXITED;
                    c.finishedAt = Instant.now();
                    c.reason = "Error";
                    c.exitCode = EXIT_SIGKILL;
                }
                return CompletableFuture.completedFuture(null);
            }
            if (c.stopping == null) {
                c.stopping = new CompletableFuture<>();
                long graceMs = Math.max(0, timeoutSeconds) * 1000;
                long takes = c.behaviour.stopTakes().toMillis();
                // the simulated process does not handle SIGTERM: it dies of the signal (143) unless it outlasts the
                // grace period and is killed (137); only a container exiting by itself reports 0 "Completed"
                int code = takes <= graceMs ? EXIT_SIGTERM : EXIT_SIGKILL;
                long after = Math.min(takes, graceMs);
                if (c.timer != null) {
                    c.timer.cancel(false);
                }
                c.log(code == EXIT_SIGTERM ? "received SIGTERM" : "received SIGTERM, killed after " + timeoutSeconds + "s");
                c.timer = timers.schedule(() -> exitLater(c, code), after, TimeUnit.MILLISECONDS);
            }
            return c.stopping;
        }
    }

    @Override
    public void removeContainer(String containerId) {
        List<ContainerEvent> events = new ArrayList<>();
        synchronized (this) {
            Container c = containers.remove(containerId);
            if (c == null) {
                return;
            }
            discard(c, events);
        }
        fire(events);
    }

    @Override
    public synchronized Optional<ContainerStatus> containerStatus(String containerId) {
        Container c = containers.get(containerId);
        return c == null ? Optional.empty() : Optional.of(c.status());
    }

    @Override
    public synchronized List<ContainerStatus> listContainers(String sandboxId) {
        List<ContainerStatus> out = new ArrayList<>();
        for (Container c : containers.values()) {
            if (sandboxId == null || c.sandbox.id.equals(sandboxId)) {
                out.add(c.status());
            }
        }
        out.sort(Comparator.comparing(ContainerStatus::createdAt).thenComparing(ContainerStatus::id));
        return out;
    }

    @Override
    public synchronized ExecResult exec(String containerId, List<String> command, Duration timeout) {
        Container c = container(containerId);
        if (c.state != ContainerStatus.State.RUNNING) {
            throw new ContainerRuntimeException("container " + containerId + " is not running");
        }
        if (command == null || command.isEmpty()) {
            throw new ContainerRuntimeException("exec needs a command");
        }
        // Nothing really runs: the simulated command succeeds without output.
        return new ExecResult(0, "", "");
    }

    @Override
    public synchronized List<String> logs(String containerId, int tailLines) {
        List<String> lines = container(containerId).logs;
        if (tailLines > 0 && lines.size() > tailLines) {
            return List.copyOf(lines.subList(lines.size() - tailLines, lines.size()));
        }
        return List.copyOf(lines);
    }

    @Override
    public synchronized ContainerStats stats(String containerId) {
        Container c = container(containerId);
        return new ContainerStats(c.id, Instant.now(), 0, 0, 0);
    }

    @Override
    public void setEventListener(Consumer<ContainerEvent> listener) {
        this.listener = listener == null ? e -> { } : listener;
    }

    @Override
    public void close() {
        synchronized (this) {
            for (Container c : containers.values()) {
                if (c.timer != null) {
                    c.timer.cancel(false);
                }
            }
        }
        if (ownsTimers) {
            timers.shutdownNow();
        }
    }

    private void exitLater(Container c, int code) {
        List<ContainerEvent> events = new ArrayList<>();
        synchronized (this) {
            if (containers.get(c.id) != c || c.state != ContainerStatus.State.RUNNING) {
                return;
            }
            exit(c, code, code == 0 ? "Completed" : "Error", events);
        }
        fire(events);
    }

    /** Marks a running container exited (caller holds the lock) and queues its event. */
    private void exit(Container c, int code, String reason, List<ContainerEvent> events) {
        c.state = ContainerStatus.State.EXITED;
        c.exitCode = code;
        c.reason = reason;
        c.finishedAt = Instant.now();
        c.log("exited with code " + code);
        if (c.timer != null) {
            c.timer.cancel(false);
            c.timer = null;
        }
        if (c.stopping != null) {
            c.stopping.complete(null);
        }
        events.add(new ContainerEvent(c.id, c.sandbox.id, ContainerEvent.Type.STOPPED));
    }

    private void discard(Container c, List<ContainerEvent> events) {
        if (c.state == ContainerStatus.State.RUNNING) {
            exit(c, EXIT_SIGKILL, "Error", events);
        }
        if (c.timer != null) {
            c.timer.cancel(false);
        }
        events.add(new ContainerEvent(c.id, c.sandbox.id, ContainerEvent.Type.DELETED));
    }

    private void fire(List<ContainerEvent> events) {
        Consumer<ContainerEvent> l = listener;
        for (ContainerEvent e : events) {
            l.accept(e);
        }
    }

    private Sandbox sandbox(String id) {
        Sandbox sb = sandboxes.get(id);
        if (sb == null) {
            throw ContainerRuntimeException.notFound("pod sandbox", id);
        }
        return sb;
    }

    private Container container(String id) {
        Container c = containers.get(id);
        if (c == null) {
            throw ContainerRuntimeException.notFound("container", id);
        }
        return c;
    }

    private static String newId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return String.format("%016x%016x%016x%016x", r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong());
    }

    private static final class Sandbox {
        final String id;
        final PodSandboxConfig config;
        final String ip;
        final boolean ownsIp;
        final Instant createdAt;
        boolean ready = true;

        Sandbox(String id, PodSandboxConfig config, String ip, boolean ownsIp, Instant createdAt) {
            this.id = id;
            this.config = config;
            this.ip = ip;
            this.ownsIp = ownsIp;
            this.createdAt = createdAt;
        }
    }

    private static final class Container {
        final String id;
        final Sandbox sandbox;
        final ContainerConfig config;
        final SimBehaviour behaviour;
        final String image;
        final String imageRef;
        final Instant createdAt;
        final List<String> logs = new ArrayList<>();
        ContainerStatus.State state = ContainerStatus.State.CREATED;
        Instant startedAt;
        Instant finishedAt;
        int exitCode;
        String reason;
        ScheduledFuture<?> timer;
        CompletableFuture<Void> stopping;

        Container(String id, Sandbox sandbox, ContainerConfig config, SimBehaviour behaviour, String image,
                  String imageRef, Instant createdAt) {
            this.id = id;
            this.sandbox = sandbox;
            this.config = config;
            this.behaviour = behaviour;
            this.image = image;
            this.imageRef = imageRef;
            this.createdAt = createdAt;
        }

        void log(String line) {
            if (logs.size() >= MAX_LOG_LINES) {
                logs.remove(0);
            }
            logs.add(Instant.now() + " " + line);
        }

        ContainerStatus status() {
            return new ContainerStatus(id, sandbox.id, config.name(), config.attempt(), config.init(), image, imageRef,
                    state, createdAt, startedAt, finishedAt, exitCode, reason, null);
        }
    }
}
