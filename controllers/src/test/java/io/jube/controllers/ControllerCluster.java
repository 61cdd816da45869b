package io.jube.controllers;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Test fixture: a real API server with a controller manager running the named controllers (no leader election),
 * and optionally a {@link FakeKubelet} marking pods ready when a predicate holds.
 */
public final class ControllerCluster implements AutoCloseable {
    private final Cluster cluster;
    private final ControllerManager manager;
    private final FakeKubelet kubelet;

    private ControllerCluster(Path tmp, Set<String> controllers, Predicate<Pod> readyWhen) throws Exception {
        cluster = new Cluster(tmp);
        manager = new ControllerManager(cluster.newClient(), ControllerManager.Options.defaults()
                .withLeaderElection(false).withControllers(controllers)).start();
        kubelet = readyWhen == null ? null : new FakeKubelet(cluster.newClient(), readyWhen);
    }

    /** Controllers only: pods stay as created. */
    public static ControllerCluster start(Path tmp, Set<String> controllers) throws Exception {
        return new ControllerCluster(tmp, controllers, null);
    }

    /** Controllers and a fake kubelet that runs every pod and marks it ready when {@code readyWhen} holds. */
    public static ControllerCluster withKubelet(Path tmp, Set<String> controllers, Predicate<Pod> readyWhen)
            throws Exception {
        return new ControllerCluster(tmp, controllers, readyWhen);
    }

    public KubernetesClient client() {
        return cluster.client();
    }

    /** A fresh namespace (see {@link Cluster#namespace}). */
    public String namespace(String prefix) {
        return cluster.namespace(prefix);
    }

    @Override
    public void close() {
        if (kubelet != null) {
            kubelet.close();
        }
        manager.close();
        cluster.close();
    }
}
