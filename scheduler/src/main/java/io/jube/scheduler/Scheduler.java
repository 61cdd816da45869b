package io.jube.scheduler;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.net.InetAddress;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jube's kube-scheduler: an API client that watches pending pods and binds each to a node through
 * {@code pods/binding}. With leader election on (the default) only the holder of Lease kube-system/kube-scheduler
 * schedules; the others wait to take over.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    /**
     * @param percentageOfNodesToScore 0 = Kubernetes' adaptive default
     * @param parallelism              threads filtering nodes in parallel
     * @param bindConcurrency          bindings in flight at once
     */
    public record Options(String schedulerName, boolean leaderElection, String identity,
                          int parallelism, int percentageOfNodesToScore, int bindConcurrency,
                          Duration leaseDuration, Duration renewDeadline, Duration retryPeriod,
                          Duration podInitialBackoff, Duration podMaxBackoff, Duration podMaxInUnschedulablePodsDuration) {
        public Options {
            if (schedulerName == null || schedulerName.isBlank()) {
                throw new IllegalArgumentException("schedulerName must not be empty");
            }
            if (parallelism < 1 || bindConcurrency < 1 || percentageOfNodesToScore < 0 || percentageOfNodesToScore > 100) {
                throw new IllegalArgumentException("parallelism and bindConcurrency must be ≥ 1, percentageOfNodesToScore 0..100");
            }
        }

        public static Options defaults() {
            return new Options("default-scheduler", true, defaultIdentity(),
                    Math.max(2, Runtime.getRuntime().availableProcessors()), 0, 32,
                    Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2),
                    Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(5));
        }

        public Options withLeaderElection(boolean on) {
            return new Options(schedulerName, on, identity, parallelism, percentageOfNodesToScore, bindConcurrency,
                    leaseDuration, renewDeadline, retryPeriod, podInitialBackoff, podMaxBackoff,
                    podMaxInUnschedulablePodsDuration);
        }

        public Options withIdentity(String id) {
            return new Options(schedulerName, leaderElection, id, parallelism, percentageOfNodesToScore, bindConcurrency,
                    leaseDuration, renewDeadline, retryPeriod, podInitialBackoff, podMaxBackoff,
                    podMaxInUnschedulablePodsDuration);
        }

        private static String defaultIdentity() {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                host = "localhost";
            }
            return host + "_" + UUID.randomUUID();
        }
    }

    private final KubernetesClient client;
    private final Options opts;
    private volatile SchedulingLoop loop;
    private volatile CompletableFuture<?> election;
    private volatile boolean closed;

    public Scheduler(KubernetesClient client, Options opts) {
        this.client = client;
        this.opts = opts;
    }

    public synchronized void start() {
        if (!opts.leaderElection()) {
            lead();
            return;
        }
        ensureNamespace("kube-system");
        campaign();
    }

    /** Stands for election; called again after losing the lease, since another server may fail later. */
    private synchronized void campaign() {
        if (closed) {
            return;
        }
        var config = new LeaderElectionConfigBuilder()
                .withName("kube-scheduler")
                .withLock(new LeaseLock("kube-system", "kube-scheduler", opts.identity()))
                .withLeaseDuration(opts.leaseDuration())
                .withRenewDeadline(opts.renewDeadline())
                .withRetryPeriod(opts.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::lead, this::stopLeading,
                        id -> LOG.info("kube-scheduler leader is {}", id)))
                .build();
        election = client.leaderElector().withConfig(config).build().start();
    }

    /** Whether this instance is currently scheduling. */
    public boolean isLeading() {
        return loop != null;
    }

    private synchronized void lead() {
        if (closed || loop != null) {
            return;
        }
        LOG.info("{} started leading; scheduling", opts.identity());
        SchedulingLoop l = new SchedulingLoop(client, opts);
        l.start();
        loop = l;
    }

    private synchronized void stopLeading() {
        SchedulingLoop l = loop;
        loop = null;
        if (l != null) {
            LOG.info("{} stopped leading", opts.identity());
            l.close();
        }
        if (!closed && opts.leaderElection()) {
            Thread t = new Thread(this::campaign, "kube-scheduler-campaign");
            t.setDaemon(true);
            t.start();
        }
    }

    private void ensureNamespace(String name) {
        try {
            if (client.namespaces().withName(name).get() == null) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                LOG.warn("could not ensure namespace {}: {}", name, e.getMessage());
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        CompletableFuture<?> e = election;
        if (e != null) {
            e.cancel(true);
        }
        stopLeading();
    }
}
