package io.jube.agent;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jube.agent.Agent.Options;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers (or adopts) the Node, then on every tick renews the node Lease and reports node status
 * when it changed or the report frequency elapsed, as the kubelet does with its node lease and
 * nodeStatusReportFrequency. Ticks of different nodes are spread over the renew interval.
 */
final class NodeHeartbeat implements AutoCloseable {
    static final String LEASE_NAMESPACE = "kube-node-lease";
    private static final Logger LOG = LoggerFactory.getLogger(NodeHeartbeat.class);
    private static final long RETRY_MS = 2000;
    private static final int MAX_CONFLICT_RETRIES = 3;

    private final AgentHost host;
    private final KubernetesClient client;
    private final Options options;
    private final NodeStatusFactory factory;
    private final LeanWrites writes;
    private volatile boolean registered;
    private volatile boolean closed;
    private ScheduledFuture<?> task;
    private Lease lease;
    private String nodeUid;
    private Instant lastReport = Instant.EPOCH;

    NodeHeartbeat(AgentHost host, Options options) {
        this.host = host;
        this.client = host.client();
        this.options = options;
        this.factory = new NodeStatusFactory(options);
        this.writes = new LeanWrites(client);
    }

    synchronized void start() {
        schedule(0);
    }

    boolean registered() {
        return registered;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (task != null) {
            task.cancel(false);
        }
    }

    private synchronized void schedule(long delayMs) {
        if (closed) {
            return;
        }
        task = host.executor().schedule(this::register, delayMs, TimeUnit.MILLISECONDS);
    }

    private void register() {
        try {
            Node node = options.register() ? createOrGet() : client.nodes().withName(options.nodeName()).get();
            if (node == null) {
                LOG.warn("node {} to adopt does not exist; retrying", options.nodeName());
                schedule(RETRY_MS);
                return;
            }
            nodeUid = node.getMetadata().getUid();
            reportStatus(node, true);
            renewLease();
            registered = true;
            long interval = options.leaseRenewInterval().toMillis();
            long jitter = ThreadLocalRandom.current().nextLong(interval);
            synchronized (this) {
                if (!closed) {
                    task = host.heartbeats().scheduleAtFixedRate(this::tick, jitter, interval, TimeUnit.MILLISECONDS);
                }
            }
        } catch (KubernetesClientException e) {
            LOG.warn("registering node {} failed ({}); retrying", options.nodeName(), describe(e));
            schedule(RETRY_MS);
        }
    }

    private Node createOrGet() {
        try {
            return client.nodes().resource(factory.newNode(Instant.now())).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            return client.nodes().withName(options.nodeName()).get();
        }
    }

    /** One heartbeat; failures are logged and the next tick tries again. */
    private void tick() {
        if (closed) {
            return;
        }
        try {
            renewLease();
        } catch (KubernetesClientException e) {
            if (closed) {
                return;
            }
            LOG.warn("renewing lease of node {} failed: {}", options.nodeName(), describe(e));
        }
        try {
            Node cached = host.cachedNode(options.nodeName());
            Node node = cached != null ? cached : client.nodes().withName(options.nodeName()).get();
            if (node != null) {
                boolean due = Instant.now().isAfter(lastReport.plus(options.nodeStatusReportFrequency()));
                reportStatus(node, due);
            }
        } catch (KubernetesClientException e) {
            if (closed) {
                return;
            }
            LOG.warn("updating status of node {} failed: {}", options.nodeName(), describe(e));
        }
    }

    /** Writes node status if it changed or {@code force}; retries write conflicts on a fresh read. */
    private void reportStatus(Node node, boolean force) {
        for (int attempt = 0; node != null; attempt++) {
            NodeStatus next = factory.status(node, Instant.now());
            if (!force && !NodeStatusFactory.changed(node.getStatus(), next)) {
                return;
            }
            Node copy = new io.fabric8.kubernetes.api.model.NodeBuilder(node).withStatus(next).build();
            try {
                writes.put(LeanWrites.path("api/v1", null, "nodes", options.nodeName(), "status"), copy);
                lastReport = Instant.now();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= MAX_CONFLICT_RETRIES) {
                    throw e;
                }
                node = client.nodes().withName(options.nodeName()).get();
            }
        }
    }

    private void renewLease() {
        Instant now = Instant.now();
        var leases = client.leases().inNamespace(LEASE_NAMESPACE);
        for (int attempt = 0; ; attempt++) {
            try {
                if (lease == null) {
                    lease = leases.withName(options.nodeName()).get();
                }
                if (lease == null) {
                    lease = leases.resource(newLease(now)).create();
                    return;
                }
                lease.getSpec().setHolderIdentity(options.nodeName());
                lease.getSpec().setLeaseDurationSeconds(options.leaseDurationSeconds());
                lease.getSpec().setRenewTime(Times.microTime(now));
                lease.getMetadata().setResourceVersion(writes.put(LeanWrites.path("apis/coordination.k8s.io/v1",
                        LEASE_NAMESPACE, "leases", options.nodeName(), null), lease));
                return;
            } catch (KubernetesClientException e) {
                lease = null;
                boolean retry = (e.getCode() == 409 || e.getCode() == 404) && attempt < MAX_CONFLICT_RETRIES;
                if (!retry) {
                    throw e;
                }
            }
        }
    }

    /** fabric8 wraps transport failures; the cause says what actually went wrong. */
    static String describe(KubernetesClientException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.getMessage() : e.getMessage() + ": " + root;
    }

    private Lease newLease(Instant now) {
        LeaseBuilder b = new LeaseBuilder().withNewMetadata()
                .withName(options.nodeName()).withNamespace(LEASE_NAMESPACE).endMetadata()
                .withNewSpec()
                .withHolderIdentity(options.nodeName())
                .withLeaseDurationSeconds(options.leaseDurationSeconds())
                .withRenewTime(Times.microTime(now))
                .endSpec();
        if (nodeUid != null) {
            b.editMetadata().withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Node")
                    .withName(options.nodeName()).withUid(nodeUid).build()).endMetadata();
        }
        return b.build();
    }
}
