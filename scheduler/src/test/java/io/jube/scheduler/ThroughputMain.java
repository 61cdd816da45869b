package io.jube.scheduler;

import io.jube.scheduler.cache.SchedulerCache;
import io.jube.scheduler.framework.CycleState;
import io.jube.scheduler.framework.Framework;
import io.jube.scheduler.framework.ClusterLister;
import io.jube.scheduler.framework.PodInfo;
import io.jube.scheduler.plugins.Fixtures;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Rough in-memory scheduling throughput (no API server): N nodes, M SchedulingBasic-shaped pods through the
 * default profile, the cache (assume) and the parallel algorithm. Run: java -cp ... io.jube.scheduler.ThroughputMain 5000 10000
 */
public final class ThroughputMain {
    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int pods = args.length > 1 ? Integer.parseInt(args[1]) : 10000;
        int parallelism = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        SchedulerCache cache = new SchedulerCache();
        for (int i = 0; i < nodes; i++) {
            cache.addOrUpdateNode(Fixtures.node("node-" + i, "4", "32Gi", Map.of("kubernetes.io/hostname", "node-" + i)));
        }
        Framework f = DefaultProfile.create(ClusterLister.EMPTY);
        ExecutorService workers = parallelism > 1 ? Executors.newFixedThreadPool(parallelism - 1) : null;
        SchedulingAlgorithm alg = new SchedulingAlgorithm(f, workers, parallelism, 0);
        PodInfo[] infos = new PodInfo[pods];
        for (int i = 0; i < pods; i++) {
            infos[i] = Fixtures.info(Fixtures.pod("pod-" + i, "100m", "500Mi").build());
        }
        for (int round = 0; round < 2; round++) { // first round warms the JIT
            SchedulerCache c = round == 0 ? new SchedulerCache() : cache;
            if (round == 0) {
                for (int i = 0; i < nodes; i++) {
                    c.addOrUpdateNode(Fixtures.node("node-" + i, "4", "32Gi", Map.of()));
                }
            }
            long t0 = System.nanoTime();
            for (PodInfo p : infos) {
                var r = alg.schedule(new CycleState(), p, c.snapshot(), null);
                c.assume(p, r.node());
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%s: %d pods on %d nodes in %.2fs = %.0f pods/s (parallelism %d)%n",
                    round == 0 ? "warm-up" : "measured", pods, nodes, secs, pods / secs, parallelism);
        }
        if (workers != null) {
            workers.shutdownNow();
        }
    }
}
