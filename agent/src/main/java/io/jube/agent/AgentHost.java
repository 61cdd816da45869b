package io.jube.agent;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What agents in one process share: one pod informer and one node informer (events routed to the
 * agent of the pod's node in-process), one scheduled thread pool for pod work and node registration, and
 * one for node heartbeats. This is what lets thousands of simulated nodes run in one JVM on two cores.
 * Heartbeats get their own threads, as the kubelet's lease loop does not wait behind its pod workers: with
 * one shared pool, a burst of pod status writes (or the registration of the other nodes) delayed the lease
 * renewals past the node monitor grace period and healthy nodes went Unknown.
 */
public final class AgentHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentHost.class);
    private static final String BY_NODE = "node";
    private static final long SYNC_TIMEOUT_SECONDS = 60;
    /** Lists in pages, as client-go does: fabric8 decodes each response on an event loop the heartbeats share. */
    private static final long LIST_PAGE = 500;
    private static final int MIN_HEARTBEAT_THREADS = 32;

    private final KubernetesClient client;
    private final ScheduledThreadPoolExecutor executor;
    private final ScheduledThreadPoolExecutor heartbeats;
    private final String onlyNode;
    private final Map<String, PodWorkers> agents = new ConcurrentHashMap<>();
    private final List<ResourceEventHandler<Node>> nodeHandlers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private SharedIndexInformer<Pod> podInformer;
    private SharedIndexInformer<Node> nodeInformer;
    private boolean closed;

    private AgentHost(KubernetesClient client, int threads, String onlyNode) {
        this.client = client;
        this.onlyNode = onlyNode;
        this.executor = pool("jube-agent-", threads);
        // heartbeats block on the API (a lease renewal takes tens of ms when the server is busy): 5,000 nodes renew 500
        // leases/s, so they need many threads even where the pod work needs few (idle ones are never started)
        this.heartbeats = pool("jube-heartbeat-", onlyNode == null ? Math.max(threads, MIN_HEARTBEAT_THREADS) : 1);
    }

    private static ScheduledThreadPoolExecutor pool(String prefix, int threads) {
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }

    /** A host for many agents: informs on all scheduled pods and all nodes. */
    public static AgentHost shared(KubernetesClient client, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1");
        }
        return new AgentHost(client, threads, null);
    }

    /** A host for one agent: informs only on that node's pods and Node object. */
    static AgentHost forNode(KubernetesClient client, String nodeName) {
        return new AgentHost(client, 4, nodeName);
    }

    /** Starts the informers and waits (bounded) until their caches hold the initial list. */
    public synchronized AgentHost start() {
        if (podInformer != null) {
            return this;
        }
        var pods = client.pods().inAnyNamespace();
        podInformer = (onlyNode == null ? pods.withoutField("spec.nodeName", "") : pods.withField("spec.nodeName", onlyNode))
                .withLimit(LIST_PAGE).runnableInformer(0);
        podInformer.addIndexers(Map.of(BY_NODE, p -> List.of(nodeOf(p))));
        podInformer.addEventHandler(new PodRouter());
        var nodes = client.nodes();
        nodeInformer = (onlyNode == null ? nodes : nodes.withField("metadata.name", onlyNode)).withLimit(LIST_PAGE).runnableInformer(0);
        nodeInformer.addEventHandler(new NodeFanOut());
        // once listed, never give up on a failed watch (fabric8 stops on a WatcherException by default):
        // relist and rewatch with back-off, as client-go's reflectors do
        podInformer.exceptionHandler((synced, error) -> synced);
        nodeInformer.exceptionHandler((synced, error) -> synced);
        try {
            podInformer.start().toCompletableFuture().get(SYNC_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            nodeInformer.start().toCompletableFuture().get(SYNC_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting agent informers", e);
        } catch (Exception e) {
            throw new IllegalStateException("agent informers did not sync: " + e.getMessage(), e);
        }
        return this;
    }

    public KubernetesClient client() {
        return client;
    }

    public ScheduledExecutorService executor() {
        return executor;
    }

    /** The pool for node heartbeats (lease renewals and status reports) only. */
    ScheduledExecutorService heartbeats() {
        return heartbeats;
    }

    /** The Node from the informer cache, or null. */
    public Node cachedNode(String name) {
        return nodeInformer == null ? null : nodeInformer.getStore().getByKey(name);
    }

    /** All Nodes in the informer cache. */
    public List<Node> cachedNodes() {
        return nodeInformer == null ? List.of() : nodeInformer.getStore().list();
    }

    /** Also deliver node events to {@code handler} (adds replay the cache so nothing is missed). */
    public void addNodeHandler(ResourceEventHandler<Node> handler) {
        nodeHandlers.add(handler);
        for (Node n : cachedNodes()) {
            handler.onAdd(n);
        }
    }

    void attach(String nodeName, PodWorkers workers) {
        agents.put(nodeName, workers);
        if (podInformer != null) {
            for (Pod p : podInformer.getIndexer().byIndex(BY_NODE, nodeName)) {
                workers.updated(p);
            }
        }
    }

    void detach(String nodeName, PodWorkers workers) {
        agents.remove(nodeName, workers);
    }

    /** Re-reads a pod from the informer cache (the freshest copy this process has). */
    Pod cachedPod(String namespace, String name) {
        return podInformer == null ? null : podInformer.getStore().getByKey(namespace + "/" + name);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (podInformer != null) {
            podInformer.close();
            nodeInformer.close();
        }
        executor.shutdownNow();
        heartbeats.shutdownNow();
    }

    private static String nodeOf(Pod p) {
        String n = p.getSpec() == null ? null : p.getSpec().getNodeName();
        return n == null ? "" : n;
    }

    /** Routes pod events to the agent of the pod's node; pods of other nodes are ignored. */
    private final class PodRouter implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            PodWorkers w = agents.get(nodeOf(pod));
            if (w != null) {
                w.updated(pod);
            }
        }

        @Override
        public void onUpdate(Pod old, Pod pod) {
            onAdd(pod);
        }

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
            PodWorkers w = agents.get(nodeOf(pod));
            if (w != null) {
                w.deleted(pod);
            }
        }
    }

    private final class NodeFanOut implements ResourceEventHandler<Node> {
        @Override
        public void onAdd(Node node) {
            for (var h : nodeHandlers) {
                safely(() -> h.onAdd(node));
            }
        }

        @Override
        public void onUpdate(Node old, Node node) {
            for (var h : nodeHandlers) {
                safely(() -> h.onUpdate(old, node));
            }
        }

        @Override
        public void onDelete(Node node, boolean finalStateUnknown) {
            for (var h : nodeHandlers) {
                safely(() -> h.onDelete(node, finalStateUnknown));
            }
        }

        private void safely(Runnable r) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("node event handler failed", e);
            }
        }
    }
}
