package io.jube.scheduler;

import com.sun.management.OperatingSystemMXBean;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.jube.scheduler.cache.SchedulerCache;
import io.jube.scheduler.framework.ClusterLister;
import io.jube.scheduler.framework.CycleState;
import io.jube.scheduler.framework.Framework;
import io.jube.scheduler.framework.NodeInfo;
import io.jube.scheduler.framework.PodInfo;
import io.jube.scheduler.plugins.Fixtures;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

/**
 * The scheduling algorithm alone (no API server, no informers): a cache of N nodes (4 cpu, 32Gi, 110 pods,
 * hostname label), the default profile, and M pods of each scheduler_perf shape scheduled one after another,
 * each assumed onto its chosen node as the scheduling loop does. Prints pods/s (wall) and CPU time per pod of
 * the scheduling thread and of the whole process (GC and JIT included), and checks the placements obey the
 * shape's constraint.
 *
 * <p>Run: {@code ./mvnw -B -q -o test-compile dependency:build-classpath -pl scheduler -am
 * -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test} then {@code java -cp
 * scheduler/target/test-classes:scheduler/target/classes:api/target/classes:$(cat /tmp/cp.txt)
 * io.jube.scheduler.SchedulerAlgoBench [nodes=5000] [basicPods=10000] [antiPods=2000] [spreadPods=10000]
 * [parallelism=1]}.
 */
public final class SchedulerAlgoBench {
    private static final String HOSTNAME = "kubernetes.io/hostname";
    private static final int WARMUP_PODS = 1000;

    private SchedulerAlgoBench() {
    }

    public static void main(String[] args) throws Exception {
        int nodes = arg(args, 0, 5000);
        int basic = arg(args, 1, 10000);
        int anti = arg(args, 2, 2000);
        int spread = arg(args, 3, 10000);
        int parallelism = arg(args, 4, 1);
        ExecutorService workers = parallelism > 1 ? Executors.newFixedThreadPool(parallelism - 1) : null;
        try {
            System.out.printf("%d nodes, parallelism %d%n", nodes, parallelism);
            System.out.printf("%-14s %7s %9s %12s %13s  %s%n", "shape", "pods", "pods/s", "thread µs/pod",
                    "process µs/pod", "check");
            run("basic", nodes, basic, i -> basicPod("basic-" + i), workers, parallelism, null);
            run("anti-affinity", nodes, anti, i -> antiAffinityPod("anti-" + i), workers, parallelism,
                    SchedulerAlgoBench::checkOnePerNode);
            run("spread", nodes, spread, i -> spreadPod("spread-" + i), workers, parallelism,
                    SchedulerAlgoBench::checkSkew);
        } finally {
            if (workers != null) {
                workers.shutdownNow();
            }
        }
    }

    private static int arg(String[] args, int i, int def) {
        return args.length > i ? Integer.parseInt(args[i]) : def;
    }

    /** Warms the JIT on a throw-away cache, then measures {@code count} pods on a fresh one. */
    private static void run(String shape, int nodes, int count, IntFunction<Pod> pods, ExecutorService workers,
                            int parallelism, Check check) throws Exception {
        if (count <= 0) {
            return;
        }
        schedule(nodes, Math.min(WARMUP_PODS, count), pods, workers, parallelism);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.gc();
        PodInfo[] infos = infos(count, pods);
        SchedulerCache cache = cacheWith(nodes);
        Runner runner = new Runner(cache, workers, parallelism);
        long wall0 = System.nanoTime();
        long thread0 = threads.getCurrentThreadCpuTime();
        long process0 = os.getProcessCpuTime();
        for (PodInfo p : infos) {
            runner.scheduleOne(p);
        }
        long wall = System.nanoTime() - wall0;
        long thread = threads.getCurrentThreadCpuTime() - thread0;
        long process = os.getProcessCpuTime() - process0;
        String verdict = check == null ? "-" : check.verify(cache, infos);
        System.out.printf("%-14s %7d %9.0f %12.1f %13.1f  %s%n", shape, count, count / (wall / 1e9),
                thread / 1e3 / count, process / 1e3 / count, verdict);
    }

    private static void schedule(int nodes, int count, IntFunction<Pod> pods, ExecutorService workers,
                                 int parallelism) throws Exception {
        Runner runner = new Runner(cacheWith(nodes), workers, parallelism);
        for (PodInfo p : infos(count, pods)) {
            runner.scheduleOne(p);
        }
    }

    /** One scheduling cycle per pod, as SchedulingLoop.scheduleOne does it minus the API calls. */
    private static final class Runner {
        final SchedulerCache cache;
        final Framework framework = DefaultProfile.create(ClusterLister.EMPTY);
        final SchedulingAlgorithm algorithm;

        Runner(SchedulerCache cache, ExecutorService workers, int parallelism) {
            this.cache = cache;
            this.algorithm = new SchedulingAlgorithm(framework, workers, parallelism, 0);
        }

        void scheduleOne(PodInfo pod) throws SchedulingAlgorithm.FitException {
            CycleState state = new CycleState();
            String node = algorithm.schedule(state, pod, cache.snapshot(), null).node();
            cache.assume(pod, node);
            framework.runReserve(state, pod, node);
        }
    }

    private static SchedulerCache cacheWith(int nodes) {
        SchedulerCache cache = new SchedulerCache();
        for (int i = 0; i < nodes; i++) {
            cache.addOrUpdateNode(Fixtures.node("node-" + i, "4", "32Gi", Map.of(HOSTNAME, "node-" + i)));
        }
        return cache;
    }

    private static PodInfo[] infos(int count, IntFunction<Pod> pods) {
        PodInfo[] out = new PodInfo[count];
        for (int i = 0; i < count; i++) {
            out[i] = Fixtures.info(pods.apply(i));
        }
        return out;
    }

    /** scheduler_perf's pod-default: small cpu/memory requests, no affinity. */
    private static Pod basicPod(String name) {
        return Fixtures.pod(name, "100m", "500Mi").build();
    }

    /** scheduler_perf's pod-with-pod-anti-affinity: required anti-affinity to its own label on the hostname. */
    private static Pod antiAffinityPod(String name) {
        PodBuilder b = Fixtures.pod(name, "100m", "500Mi");
        return b.editMetadata().addToLabels("color", "green").endMetadata()
                .editSpec().withNewAffinity().withNewPodAntiAffinity()
                .addToRequiredDuringSchedulingIgnoredDuringExecution(new PodAffinityTermBuilder()
                        .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("color", "green").build())
                        .withTopologyKey(HOSTNAME).build())
                .endPodAntiAffinity().endAffinity().endSpec().build();
    }

    /** Topology spread over hostnames, maxSkew 1, DoNotSchedule, selecting its own label. */
    private static Pod spreadPod(String name) {
        PodBuilder b = Fixtures.pod(name, "100m", "500Mi");
        return b.editMetadata().addToLabels("app", "spread").endMetadata()
                .editSpec().addToTopologySpreadConstraints(new TopologySpreadConstraintBuilder()
                        .withMaxSkew(1).withTopologyKey(HOSTNAME).withWhenUnsatisfiable("DoNotSchedule")
                        .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "spread").build())
                        .build())
                .endSpec().build();
    }

    private interface Check {
        String verify(SchedulerCache cache, PodInfo[] pods);
    }

    private static List<NodeInfo> nodesOf(SchedulerCache cache) {
        return new ArrayList<>(cache.snapshot().nodes());
    }

    private static String checkOnePerNode(SchedulerCache cache, PodInfo[] pods) {
        int placed = 0;
        for (NodeInfo n : nodesOf(cache)) {
            placed += n.pods().size();
            if (n.pods().size() > 1) {
                return "FAILED: " + n.name() + " has " + n.pods().size() + " pods";
            }
        }
        return placed == pods.length ? "ok (one per node)" : "FAILED: " + placed + " placed";
    }

    private static String checkSkew(SchedulerCache cache, PodInfo[] pods) {
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (NodeInfo n : nodesOf(cache)) {
            min = Math.min(min, n.pods().size());
            max = Math.max(max, n.pods().size());
        }
        return max - min <= 1 ? "ok (skew " + (max - min) + ")" : "FAILED: skew " + (max - min);
    }
}
