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
    /** The admin kubeconfig the API server wrote, for the real kubectl. */
    public final Path kubeconfig;

    public WorkloadCluster(Path tmp, int nodeCount, Set<String> controllers) throws Exception {
        cluster = new Cluster(tmp);
        kubeconfig = tmp.resolve("kubeconfig.yaml");
        manager = new ControllerManager(cluster.newClient(), ControllerManager.Options.defaults()
                .withLeaderElection(false).withControllers(controllers)).start();
        scheduler = new Scheduler(cluster.newClient(), Scheduler.Options.defaults().withLeaderElection(false));
        scheduler.start();
        nodes = new SimCluster(cluster.newClient(), SimCluster.Options.defaults(nodeCount)
                .withTimings(Duration.ofMillis(500), Duration.ofMinutes(1), Duration.ofSeconds(1))).start();
    }

    /** Runs the real kubectl against this cluster; returns its exit code and output. */
    public Kubectl kubectl(String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("kubectl " + String.join(" ", args) + " did not finish in 60s");
        }
        return new Kubectl(p.exitValue(), new String(p.getInputStream().readAllBytes()));
    }

    public record Kubectl(int exitCode, String output) {
    }

    public static boolean hasKubectl() {
        return java.util.stream.Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(d -> java.nio.file.Files.isExecutable(Path.of(d, "kubectl")));
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
