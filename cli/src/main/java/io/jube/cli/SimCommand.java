package io.jube.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jube.agent.ClientConfigs;
import io.jube.agent.Clients;
import io.jube.agent.SimCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jube sim}: simulated nodes for testing the control plane at scale, like kwok. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Runs simulated nodes against a cluster: registers N nodes named PREFIX0..PREFIX<N-1>,",
                "keeps their Leases and status fresh and runs their pods without containers.",
                "Also adopts every Node annotated jube.io/simulated=\"true\" (keeping its labels, taints and capacity).",
                "Pod annotations: jube.io/sim-run-seconds, jube.io/sim-exit-code, jube.io/sim-stop-seconds.",
                "Stops on SIGTERM or Ctrl-C; the nodes then stop heartbeating (their Node objects stay)."})
final class SimCommand implements Callable<Integer> {
    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig of the cluster (default: $KUBECONFIG, else ~/.kube/config).")
    Path kubeconfig;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "1",
            description = "Number of simulated nodes to register (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--cpu", paramLabel = "QUANTITY", defaultValue = "8",
            description = "CPU capacity of each node (default: ${DEFAULT-VALUE}).")
    String cpu;

    @Option(names = "--memory", paramLabel = "QUANTITY", defaultValue = "32Gi",
            description = "Memory capacity of each node (default: ${DEFAULT-VALUE}).")
    String memory;

    @Option(names = "--pods", paramLabel = "N", defaultValue = "110",
            description = "Pod capacity of each node (default: ${DEFAULT-VALUE}).")
    int pods;

    @Option(names = "--name-prefix", paramLabel = "PREFIX", defaultValue = "sim-",
            description = "Node name prefix (default: ${DEFAULT-VALUE}).")
    String namePrefix;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "4",
            description = "Worker threads shared by all nodes for pod work; heartbeats have their own, at least 32 (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--lease-renew-interval", paramLabel = "SECONDS", defaultValue = "10",
            description = "How often each node renews its Lease (default: ${DEFAULT-VALUE}).")
    long leaseRenewSeconds;

    @Option(names = "--events",
            description = "Record kubelet Events for pods (Created, Started, Killing, BackOff, ...); off by default.")
    boolean events;

    @Override
    public Integer call() throws Exception {
        if (nodes < 0) {
            System.err.println("jube sim: --nodes must be >= 0");
            return 2;
        }
        if (leaseRenewSeconds < 1) {
            System.err.println("jube sim: --lease-renew-interval must be >= 1");
            return 2;
        }
        Path file = kubeconfig != null ? kubeconfig : defaultKubeconfig();
        SimCluster.Options opts;
        try {
            opts = SimCluster.Options.defaults(nodes).withNamePrefix(namePrefix).withCapacity(cpu, memory, pods)
                    .withThreads(threads).withEvents(events)
                    .withTimings(Duration.ofSeconds(leaseRenewSeconds), Duration.ofMinutes(5), Duration.ofSeconds(10));
        } catch (IllegalArgumentException e) {
            System.err.println("jube sim: " + e.getMessage());
            return 2;
        }
        KubernetesClient client = Clients.build(ClientConfigs.fromKubeconfig(file));
        SimCluster sim;
        try {
            sim = new SimCluster(client, opts);
        } catch (IllegalArgumentException e) {
            System.err.println("jube sim: " + e.getMessage());
            client.close();
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("jube sim: stopping; simulated nodes stop heartbeating");
            sim.close();
            client.close();
            stopped.countDown();
        }, "shutdown"));
        long t0 = System.nanoTime();
        sim.start();
        System.out.println("jube sim: " + nodes + " simulated node(s) " + (nodes > 0 ? namePrefix + "0.." + namePrefix
                + (nodes - 1) + " " : "") + "started against " + client.getConfiguration().getMasterUrl()
                + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms; adopting nodes annotated "
                + SimCluster.SIMULATED_ANNOTATION + "=true");
        System.out.flush();
        stopped.await();
        return 0;
    }

    private static Path defaultKubeconfig() {
        String env = System.getenv("KUBECONFIG");
        if (env != null && !env.isBlank()) {
            return Path.of(env.split(java.io.File.pathSeparator)[0]);
        }
        return Path.of(System.getProperty("user.home"), ".kube", "config");
    }
}
