package io.jube.agent;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jube.agent.runtime.Runtime;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The node agent (Kubernetes' kubelet) for one node: registers the Node (or adopts an existing one),
 * keeps its Lease in {@code kube-node-lease} renewed and its status fresh, and runs the pods bound to
 * it on a {@link Runtime}, reporting their status through the {@code pods/status} subresource.
 * It is only an API client; many agents can share one {@link AgentHost} (informers and threads).
 */
public final class Agent implements AutoCloseable {
    private final AgentHost host;
    private final boolean ownsHost;
    private final Options options;
    private final NodeHeartbeat heartbeat;
    private final PodWorkers pods;
    private volatile boolean started;

    /** A standalone agent with its own informers (watching only this node's pods) and threads. */
    public Agent(KubernetesClient client, Options options) {
        this(AgentHost.forNode(client, options.nodeName()), options, true);
    }

    /** An agent sharing {@code host}'s informers and threads with other agents in this process. */
    public Agent(AgentHost host, Options options) {
        this(host, options, false);
    }

    private Agent(AgentHost host, Options options, boolean ownsHost) {
        this.host = Objects.requireNonNull(host, "host");
        this.options = Objects.requireNonNull(options, "options");
        this.ownsHost = ownsHost;
        this.heartbeat = new NodeHeartbeat(host, options);
        this.pods = new PodWorkers(host, options);
    }

    /** Registers or adopts the node, then starts heartbeats and pod workers; returns at once. */
    public synchronized Agent start() {
        if (started) {
            return this;
        }
        started = true;
        if (ownsHost) {
            host.start();
        }
        heartbeat.start();
        host.attach(options.nodeName(), pods);
        return this;
    }

    public String nodeName() {
        return options.nodeName();
    }

    public Options options() {
        return options;
    }

    /** True once the Node object exists and the first Lease was written. */
    public boolean registered() {
        return heartbeat.registered();
    }

    /** Stops heartbeats and pod workers; leaves the Node, its Lease and the pods as they are. */
    @Override
    public synchronized void close() {
        host.detach(options.nodeName(), pods);
        heartbeat.close();
        pods.close();
        if (ownsHost) {
            host.close();
        }
    }

    /**
     * Agent settings. {@code register} true creates the Node with these labels, taints and capacity;
     * false adopts an existing Node and leaves its labels, taints and capacity alone.
     */
    public record Options(String nodeName, Runtime runtime, boolean register,
                          String cpu, String memory, int maxPods, String ephemeralStorage,
                          Map<String, String> labels, List<Taint> taints, String instanceType,
                          String internalIP, String podCidr,
                          String osImage, String kernelVersion, String architecture,
                          Duration leaseRenewInterval, int leaseDurationSeconds, Duration nodeStatusReportFrequency,
                          Duration crashLoopBackOffInitial, Duration crashLoopBackOffMax, boolean recordEvents) {
        public static final String KUBELET_VERSION = "v1.32.0-jube";

        public Options {
            Objects.requireNonNull(nodeName, "nodeName");
            Objects.requireNonNull(runtime, "runtime");
            List<String> nameErrors = io.jube.api.validation.Names.isDns1123Subdomain(nodeName);
            if (!nameErrors.isEmpty()) {
                throw new IllegalArgumentException("invalid node name \"" + nodeName + "\": "
                        + String.join("; ", nameErrors));
            }
            requireQuantity(cpu, "cpu");
            requireQuantity(memory, "memory");
            requireQuantity(ephemeralStorage, "ephemeral-storage");
            if (maxPods < 0) {
                throw new IllegalArgumentException("pods must be >= 0, not " + maxPods);
            }
            labels = labels == null ? Map.of() : Map.copyOf(labels);
            taints = taints == null ? List.of() : List.copyOf(taints);
            requirePositive(leaseRenewInterval, "leaseRenewInterval");
            requirePositive(nodeStatusReportFrequency, "nodeStatusReportFrequency");
            requirePositive(crashLoopBackOffInitial, "crashLoopBackOffInitial");
            requirePositive(crashLoopBackOffMax, "crashLoopBackOffMax");
            if (leaseDurationSeconds <= 0) {
                throw new IllegalArgumentException("leaseDurationSeconds must be positive");
            }
        }

        private static void requireQuantity(String q, String what) {
            java.math.BigDecimal v = io.jube.api.validation.Quantity.parse(q);
            if (v == null || v.signum() < 0) {
                throw new IllegalArgumentException(what + " \"" + q + "\" is not a resource quantity (like 8, 500m, 32Gi)");
            }
        }

        private static void requirePositive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be a positive duration");
            }
        }

        public static Builder builder(String nodeName, Runtime runtime) {
            return new Builder(nodeName, runtime);
        }

        /** Defaults: 8 CPUs, 32Gi memory, 110 pods, 100Gi disk, InternalIP 127.0.0.1, kubelet timings. */
        public static final class Builder {
            private final String nodeName;
            private final Runtime runtime;
            private boolean register = true;
            private String cpu = "8";
            private String memory = "32Gi";
            private int maxPods = 110;
            private String ephemeralStorage = "100Gi";
            private final Map<String, String> labels = new LinkedHashMap<>();
            private List<Taint> taints = List.of();
            private String instanceType;
            private String internalIP = "127.0.0.1";
            private String podCidr;
            private String osImage = "Jube simulated node";
            private String kernelVersion = System.getProperty("os.version", "unknown");
            private String architecture = goArch(System.getProperty("os.arch", "amd64"));
            private Duration leaseRenewInterval = Duration.ofSeconds(10);
            private int leaseDurationSeconds = 40;
            private Duration nodeStatusReportFrequency = Duration.ofMinutes(5); // the kubelet's default
            private Duration crashLoopBackOffInitial = Duration.ofSeconds(10);
            private Duration crashLoopBackOffMax = Duration.ofMinutes(5);
            private boolean recordEvents = true;

            private Builder(String nodeName, Runtime runtime) {
                this.nodeName = nodeName;
                this.runtime = runtime;
            }

            /** Adopt an existing Node instead of registering one (labels, taints and capacity stay as they are). */
            public Builder adopt() {
                this.register = false;
                return this;
            }

            public Builder capacity(String cpu, String memory, int pods) {
                this.cpu = cpu;
                this.memory = memory;
                this.maxPods = pods;
                return this;
            }

            public Builder ephemeralStorage(String v) {
                this.ephemeralStorage = v;
                return this;
            }

            public Builder labels(Map<String, String> v) {
                labels.putAll(v);
                return this;
            }

            public Builder taints(List<Taint> v) {
                this.taints = v;
                return this;
            }

            public Builder instanceType(String v) {
                this.instanceType = v;
                return this;
            }

            public Builder internalIP(String v) {
                this.internalIP = v;
                return this;
            }

            public Builder podCidr(String v) {
                this.podCidr = v;
                return this;
            }

            public Builder osImage(String v) {
                this.osImage = v;
                return this;
            }

            public Builder leaseRenewInterval(Duration v) {
                this.leaseRenewInterval = v;
                return this;
            }

            public Builder leaseDurationSeconds(int v) {
                this.leaseDurationSeconds = v;
                return this;
            }

            public Builder nodeStatusReportFrequency(Duration v) {
                this.nodeStatusReportFrequency = v;
                return this;
            }

            public Builder crashLoopBackOff(Duration initial, Duration max) {
                this.crashLoopBackOffInitial = initial;
                this.crashLoopBackOffMax = max;
                return this;
            }

            /** Whether to record kubelet Events (Pulled, Created, Started, Killing, BackOff, ...); default true. */
            public Builder recordEvents(boolean v) {
                this.recordEvents = v;
                return this;
            }

            public Options build() {
                return new Options(nodeName, runtime, register, cpu, memory, maxPods, ephemeralStorage, labels, taints,
                        instanceType, internalIP, podCidr, osImage, kernelVersion, architecture, leaseRenewInterval,
                        leaseDurationSeconds, nodeStatusReportFrequency, crashLoopBackOffInitial, crashLoopBackOffMax,
                        recordEvents);
            }

            private static String goArch(String javaArch) {
                return switch (javaArch) {
                    case "amd64", "x86_64" -> "amd64";
                    case "aarch64", "arm64" -> "arm64";
                    default -> javaArch;
                };
            }
        }
    }
}
