package io.jube.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jube.agent.Agent;
import io.jube.agent.Clients;
import io.jube.agent.runtime.sim.SimRuntime;
import io.jube.controllers.ControllerManager;
import io.jube.scheduler.Scheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The components {@code jube server} runs beside the API server (controllers, scheduler, node agent). Each is only an API client with
 * its own connections, exactly as when it runs in a separate process; they use the server's in-process loopback listener.
 */
final class Components implements AutoCloseable {
    record Settings(boolean controllers, boolean scheduler, String runtime, String nodeName, Duration nodeMonitorGracePeriod) {
    }

    private final List<AutoCloseable> running = new ArrayList<>();

    void start(Config clientConfig, Settings settings) throws Exception {
        if (settings.controllers()) {
            KubernetesClient client = client(clientConfig);
            ControllerManager cm = new ControllerManager(client, ControllerManager.Options.defaults()
                    .withNodeMonitorGracePeriod(settings.nodeMonitorGracePeriod()));
            cm.start();
            running.add(client);
            running.add(cm);
        }
        if (settings.scheduler()) {
            KubernetesClient client = client(clientConfig);
            Scheduler scheduler = new Scheduler(client, Scheduler.Options.defaults());
            scheduler.start();
            running.add(client);
            running.add(scheduler);
        }
        switch (settings.runtime()) {
            case "none" -> {
            }
            case "sim" -> {
                KubernetesClient client = client(clientConfig);
                Agent agent = new Agent(client, Agent.Options.builder(settings.nodeName(),
                        new SimRuntime(SimRuntime.podCidrFor(0)))
                        .leaseRenewInterval(leaseRenewInterval(settings.nodeMonitorGracePeriod())).build());
                agent.start();
                running.add(client);
                running.add(agent);
            }
            default -> throw new IllegalArgumentException("--runtime must be sim or none, not " + settings.runtime());
        }
    }

    /**
     * The kubelet renews its Lease every 10 s, a quarter of the default 40 s grace period. The built-in
     * agent shares this process with the node lifecycle controller, so it keeps that ratio when
     * {@code --node-monitor-grace-period} is shorter; otherwise its own node would flap to Unknown.
     */
    static Duration leaseRenewInterval(Duration nodeMonitorGracePeriod) {
        Duration quarter = nodeMonitorGracePeriod.dividedBy(4);
        Duration floor = Duration.ofMillis(250);
        Duration kubelet = Duration.ofSeconds(10);
        return quarter.compareTo(kubelet) > 0 ? kubelet : quarter.compareTo(floor) < 0 ? floor : quarter;
    }

    static KubernetesClient client(Config config) {
        return Clients.build(config);
    }

    static String hostname() {
        try {
            String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim().toLowerCase();
            return h.isEmpty() ? "jube-node" : h;
        } catch (Exception e) {
            return "jube-node";
        }
    }

    @Override
    public void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                System.err.println("jube: stopping " + running.get(i).getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        running.clear();
    }
}
