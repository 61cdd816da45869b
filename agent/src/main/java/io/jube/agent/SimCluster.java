package io.jube.agent;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.jube.agent.runtime.sim.SimRuntime;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many simulated nodes in one process (what {@code jube sim} runs), like kwok: registers
 * {@code <prefix>0 .. <prefix>N-1} and adopts every Node annotated {@code jube.io/simulated: "true"},
 * each with its own {@link SimRuntime}, all sharing one {@link AgentHost}. Closing stops the
 * heartbeats and leaves the Node objects behind, so the control plane sees the nodes die.
 */
public final class SimCluster implements AutoCloseable {
    public static final String SIMULATED_ANNOTATION = "jube.io/simulated";
    private static final Logger LOG = LoggerFactory.getLogger(SimCluster.class);

    private final Options options;
    private final AgentHost host;
    private final Map<String, Agent> agents = new ConcurrentHashMap<>();
    private final Set<String> adopted = ConcurrentHashMap.newKeySet();
    private final AtomicInteger nextIndex = new AtomicInteger();
    private volatile boolean closed;

    /** Settings; {@link #defaults(int)} gives {@code jube sim}'s defaults. */
    public record Options(int nodes, String namePrefix, String cpu, String memory, int pods, int threads,
                          Duration leaseRenewInterval, Duration nodeStatusReportFrequency,
                          Duration crashLoopBackOffInitial, boolean recordEvents) {
        public Options {
            if (nodes < 0) {
                throw new IllegalArgumentException("--nodes must be >= 0, not " + nodes);
            }
            Objects.requireNonNull(namePrefix, "namePrefix");
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1");
            }
        }

        public static Options defaults(int nodes) {
            return new Options(nodes, "sim-", "8", "32Gi", 110, 4, Duration.ofSeconds(10), Duration.ofMinutes(5),
                    Duration.ofSeconds(10), false);
        }

        public Options withNamePrefix(String v) {
            return new Options(nodes, v, cpu, memory, pods, threads, leaseRenewInterval, nodeStatusReportFrequency,
                    crashLoopBackOffInitial, recordEvents);
        }

        public Options withCapacity(String c, String m, int p) {
            return new Options(nodes, namePrefix, c, m, p, threads, leaseRenewInterval, nodeStatusReportFrequency,
                    crashLoopBackOffInitial, recordEvents);
        }

        public Options withTimings(Duration lease, Duration status, Duration backOff) {
            return new Options(nodes, namePrefix, cpu, memory, pods, threads, lease, status, backOff, recordEvents);
        }

        /** Record kubelet Events for pods (off by default: at thousands of pods they dominate API writes). */
        public Options withEvents(boolean v) {
            return new Options(nodes, namePrefix, cpu, memory, pods, threads, leaseRenewInterval, nodeStatusReportFrequency,
                    crashLoopBackOffInitial, v);
        }

        public Options withThreads(int t) {
            return new Options(nodes, namePrefix, cpu, memory, pods, t, leaseRenewInterval, nodeStatusReportFrequency,
                    crashLoopBackOffInitial, recordEvents);
        }
    }

    public SimCluster(KubernetesClient client, Options options) {
        this.options = options;
        this.host = AgentHost.shared(client, options.threads());
        // Fail fast on bad settings, before anything is registered.
        options(options.namePrefix() + "0", 0, null).build();
    }

    /** Starts the shared informers, the N simulated nodes and adoption; returns once all were started. */
    public SimCluster start() {
        host.start();
        for (int i = 0; i < options.nodes(); i++) {
            String name = options.namePrefix() + i;
            int index = nextIndex.getAndIncrement();
            agents.computeIfAbsent(name, n -> new Agent(host, options(n, index, null).build())).start();
        }
        host.addNodeHandler(new Adopter());
        return this;
    }

    /** Names of the nodes this process runs. */
    public Set<String> nodeNames() {
        return new TreeSet<>(agents.keySet());
    }

    /** The agent of one node, or null. */
    public Agent agent(String nodeName) {
        return agents.get(nodeName);
    }

    @Override
    public synchronized void close() {
        closed = true;
        agents.values().forEach(Agent::close);
        agents.values().forEach(a -> a.options().runtime().close());
        host.close();
    }

    private Agent.Options.Builder options(String name, int index, Node existing) {
        var b = Agent.Options.builder(name, new SimRuntime(SimRuntime.podCidrFor(index), host.executor()))
                .capacity(options.cpu(), options.memory(), options.pods())
                .internalIP(nodeIP(index))
                .podCidr(SimRuntime.podCidrFor(index))
                .leaseRenewInterval(options.leaseRenewInterval())
                .nodeStatusReportFrequency(options.nodeStatusReportFrequency())
                .crashLoopBackOff(options.crashLoopBackOffInitial(), Duration.ofMinutes(5))
                .labels(Map.of("type", "jube-sim"))
                .recordEvents(options.recordEvents());
        if (existing != null) {
            b.adopt();
            if (existing.getStatus() != null && existing.getStatus().getAddresses() != null) {
                existing.getStatus().getAddresses().stream().filter(a -> "InternalIP".equals(a.getType()))
                        .map(NodeAddress::getAddress).findFirst().ifPresent(b::internalIP);
            }
        }
        return b;
    }

    /** A made-up node address (never contacted): 172.18.0.2, 172.18.0.3, ... */
    static String nodeIP(int index) {
        return "172.18." + (index / 250) + "." + (index % 250 + 2);
    }

    /** Runs an agent for every Node annotated jube.io/simulated=true; stops it when the Node goes. */
    private final class Adopter implements ResourceEventHandler<Node> {
        @Override
        public void onAdd(Node node) {
            String name = node.getMetadata().getName();
            Map<String, String> ann = node.getMetadata().getAnnotations();
            if (closed || ann == null || !"true".equals(ann.get(SIMULATED_ANNOTATION)) || agents.containsKey(name)) {
                return;
            }
            int index = nextIndex.getAndIncrement();
            Agent agent;
            try {
                agent = new Agent(host, options(name, index, node).build());
            } catch (IllegalArgumentException e) {
                LOG.warn("cannot adopt node {}: {}", name, e.getMessage());
                return;
            }
            if (agents.putIfAbsent(name, agent) == null) {
                adopted.add(name);
                LOG.info("adopting simulated node {}", name);
                agent.start();
            }
        }

        @Override
        public void onUpdate(Node old, Node node) {
            onAdd(node);
        }

        @Override
        public void onDelete(Node node, boolean finalStateUnknown) {
            String name = node.getMetadata().getName();
            if (adopted.remove(name)) {
                Agent a = agents.remove(name);
                if (a != null) {
                    a.close();
                    a.options().runtime().close();
                }
            }
        }
    }
}
