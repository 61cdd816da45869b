package io.jube.controllers;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jube.agent.SimCluster;
import io.jube.scheduler.Scheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** A real API server with controllers, the scheduler and simulated nodes: pods really schedule and run. */
public final class WorkloadCluster implements AutoCloseable {
    public final Cluster cluster;
    public final ControllerManager manager;
    public final Scheduler scheduler;
    public final SimCluster nodes;

    public WorkloadCluster(Path tmp, int nodeCount, Set<String> controllers) throws Exception {
        cluster = new Cluster(tmp);
        manager = new ControllerManager(cluster.newClient(), ControllerManager.Options.defaults()
                .withLeaderElection(false).withControllers(controllers)).start();
        scheduler = new Scheduler(cluster.newClient(), Scheduler.Options.defaults().withLeaderElection(false));
        scheduler.start();
        nodes = new SimCluster(cluster.newClient(), SimCluster.Options.defaults(nodeCount)
                .withTimings(Duration.ofMillis(500), Duration.ofMinutes(1), Duration.ofSeconds(1))).start();
    }

    public KubernetesClient client() {
        return cluster.client();
    }

    @Override
    public void close() {
        nodes.close();
        scheduler.close();
        manager.close();
        cluster.close();
    }
}
