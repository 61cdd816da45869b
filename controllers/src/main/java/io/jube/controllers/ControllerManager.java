package io.jube.controllers;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.jube.controllers.framework.ControllerMetrics;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jube's kube-controller-manager: runs the selected controllers ({@link Controllers}) while it holds the
 * {@code coordination.k8s.io} Lease {@code kube-system/kube-controller-manager}. Losing the lease stops every
 * controller (its queues, workers and informers) and the manager campaigns again, so of several servers exactly
 * one runs controllers at a time. Each leadership term starts from fresh informer caches.
 */
public final class ControllerManager implements AutoCloseable {
    public static final String LEASE_NAMESPACE = "kube-system";
    public static final String LEASE_NAME = "kube-controller-manager";
    private static final Logger LOG = LoggerFactory.getLogger(ControllerManager.class);

    /**
     * @param controllers        names to run; {@code "*"} means all, {@code "-name"} disables one (like {@code --controllers})
     * @param concurrency        workers per controller unless {@code concurrencyOverrides} names it
     * @param resync             informer resync period
     */
    public record Options(Duration nodeMonitorGracePeriod, Duration podEvictionTimeout, boolean leaderElection,
                          String identity, int concurrency, Map<String, Integer> concurrencyOverrides,
                          Set<String> controllers, Duration resync, Duration leaseDuration, Duration renewDeadline,
                          Duration retryPeriod) {
        public Options {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1");
            }
            if (leaderElection && !(renewDeadline.compareTo(leaseDuration) < 0 && retryPeriod.compareTo(renewDeadline) < 0)) {
                throw new IllegalArgumentException("need retryPeriod < renewDeadline < leaseDuration");
            }
            concurrencyOverrides = Map.copyOf(concurrencyOverrides);
            controllers = Set.copyOf(controllers);
        }

        /** Kubernetes' defaults: 40s grace period, leader election 15s/10s/2s, 5 workers, all controllers. */
        public static Options defaults() {
            return new Options(Duration.ofSeconds(40), Duration.ofMinutes(5), true, defaultIdentity(), 5, Map.of(),
                    Set.of("*"), Duration.ofMinutes(10), Duration.ofSeconds(15), Duration.ofSeconds(10),
                    Duration.ofSeconds(2));
        }

        public Options withLeaderElection(boolean on) {
            return new Options(nodeMonitorGracePeriod, podEvictionTimeout, on, identity, concurrency,
                    concurrencyOverrides, controllers, resync, leaseDuration, renewDeadline, retryPeriod);
        }

        public Options withIdentity(String id) {
            return new Options(nodeMonitorGracePeriod, podEvictionTimeout, leaderElection, id, concurrency,
                    concurrencyOverrides, controllers, resync, leaseDuration, renewDeadline, retryPeriod);
        }

        public Options withControllers(Set<String> names) {
            return new Options(nodeMonitorGracePeriod, podEvictionTimeout, leaderElection, identity, concurrency,
                    concurrencyOverrides, names, resync, leaseDuration, renewDeadline, retryPeriod);
        }

        public Options withConcurrency(int workers) {
            return new Options(nodeMonitorGracePeriod, podEvictionTimeout, leaderElection, identity, workers,
                    concurrencyOverrides, controllers, resync, leaseDuration, renewDeadline, retryPeriod);
        }

        public Options withNodeMonitorGracePeriod(Duration d) {
            return new Options(d, podEvictionTimeout, leaderElection, identity, concurrency,
                    concurrencyOverrides, controllers, resync, leaseDuration, renewDeadline, retryPeriod);
        }

        public Options withLeaseTimings(Duration lease, Duration renew, Duration retry) {
            return new Options(nodeMonitorGracePeriod, podEvictionTimeout, leaderElection, identity, concurrency,
                    concurrencyOverrides, controllers, resync, lease, renew, retry);
        }

        public int workersFor(String controller) {
            return concurrencyOverrides.getOrDefault(controller, concurrency);
        }

        /** Whether {@code name} is selected by {@link #controllers}. */
        public boolean enabled(String name) {
            if (controllers.contains("-" + name)) {
                return false;
            }
            return controllers.contains(name) || controllers.contains("*");
        }

        static String defaultIdentity() {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                host = "jube";
            }
            return host + "_" + UUID.randomUUID();
        }
    }

    private final KubernetesClient client;
    private final Options options;
    private final ExecutorService electionExecutor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "controller-manager-election");
        t.setDaemon(true);
        return t;
    });
    private Term term;
    private CompletableFuture<?> election;
    private boolean started;
    private boolean closed;

    public ControllerManager(KubernetesClient client, Options options) {
        this.client = client;
        this.options = options;
        Controllers.create(options); // fail fast on unknown controller names, before any election
    }

    public synchronized ControllerManager start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        if (options.leaderElection()) {
            campaign();
        } else {
            startTerm();
        }
        return this;
    }

    private synchronized void campaign() {
        if (closed) {
            return;
        }
        var config = new LeaderElectionConfigBuilder()
                .withName(LEASE_NAME)
                .withLock(new LeaseLock(LEASE_NAMESPACE, LEASE_NAME, options.identity()))
                .withLeaseDuration(options.leaseDuration())
                .withRenewDeadline(options.renewDeadline())
                .withRetryPeriod(options.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::startTerm, this::onStoppedLeading,
                        leader -> LOG.info("controller-manager leader is now {}", leader)))
                .build();
        LeaderElector elector = new LeaderElector(client, config, electionExecutor);
        election = elector.start();
    }

    private void onStoppedLeading() {
        LOG.info("controller-manager {} stopped leading", options.identity());
        stopTerm();
        synchronized (this) {
            if (!closed) {
                electionExecutor.execute(this::campaign); // stand again: another server may fail later
            }
        }
    }

    private synchronized void startTerm() {
        if (closed || term != null) {
            return;
        }
        LOG.info("controller-manager {} starting controllers", options.identity());
        term = new Term(client, options);
        term.start();
    }

    private void stopTerm() {
        Term t;
        synchronized (this) {
            t = term;
            term = null;
        }
        if (t != null) {
            t.close();
        }
    }

    /** True while this manager runs controllers (holds the lease, or runs without election). */
    public synchronized boolean isLeading() {
        return term != null;
    }

    /** Metrics of the running controllers by name (empty when not leading). */
    public synchronized Map<String, ControllerMetrics> metrics() {
        return term == null ? Map.of() : term.metrics();
    }

    public Options options() {
        return options;
    }

    @Override
    public void close() {
        CompletableFuture<?> e;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            e = election;
        }
        if (e != null) {
            e.cancel(true); // releases the lease (releaseOnCancel)
        }
        stopTerm();
        electionExecutor.shutdownNow();
    }
}
