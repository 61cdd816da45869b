package io.jube.scheduler;

import io.jube.scheduler.framework.CycleState;
import io.jube.scheduler.framework.FitError;
import io.jube.scheduler.framework.Framework;
import io.jube.scheduler.framework.NodeInfo;
import io.jube.scheduler.framework.PodInfo;
import io.jube.scheduler.framework.Snapshot;
import io.jube.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One scheduling attempt for one pod: PreFilter, Filter over (a rotating, adaptive share of) the nodes in
 * parallel, PreScore and Score over the feasible ones, then the best node (ties broken at random).
 */
public final class SchedulingAlgorithm {
    /** Below this many nodes filtering runs on the calling thread; forking costs more than it saves. */
    private static final int PARALLEL_THRESHOLD = 256;
    private static final int CHUNK = 32;

    private final Framework framework;
    private final ExecutorService workers;
    private final int parallelism;
    private final int percentageOfNodesToScore;
    private int nextStartNodeIndex;

    /** Result: the chosen node and how many nodes were evaluated / found feasible. */
    public record Result(String node, int evaluated, int feasible) {
    }

    /** A pod does not fit: carries the FitError for the FailedScheduling message and PostFilter. */
    public static final class FitException extends Exception {
        private final FitError error;

        FitException(FitError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }

        public FitError error() {
            return error;
        }
    }

    /**
     * @param percentageOfNodesToScore 0 for Kubernetes' adaptive default, else 1..100
     * @param workers pool for parallel filtering (may be null for single-threaded)
     */
    public SchedulingAlgorithm(Framework framework, ExecutorService workers, int parallelism, int percentageOfNodesToScore) {
        this.framework = framework;
        this.workers = workers;
        this.parallelism = workers == null ? 1 : Math.max(1, parallelism);
        this.percentageOfNodesToScore = percentageOfNodesToScore;
    }

    /**
     * @param nominated pods nominated (by earlier preemptions) to a node, with priority ≥ the pod's; their room
     *                  is kept for them
     */
    public Result schedule(CycleState state, PodInfo pod, Snapshot snapshot,
                           Function<String, List<PodInfo>> nominated) throws FitException {
        List<NodeInfo> nodes = snapshot.nodes();
        if (nodes.isEmpty()) {
            throw new FitException(new FitError(0, Map.of(), null));
        }
        Status pre = framework.runPreFilter(state, pod, snapshot);
        if (!pre.isSuccess()) {
            Map<String, Status> all = new ConcurrentHashMap<>();
            nodes.forEach(n -> all.put(n.name(), pre));
            throw new FitException(new FitError(nodes.size(), all, pre.message()));
        }
        Rejections rejected = new Rejections(nodes);
        List<NodeInfo> feasible = null;
        String nominatedNode = pod.pod().getStatus() == null ? null : pod.pod().getStatus().getNominatedNodeName();
        if (nominatedNode != null && !nominatedNode.isEmpty() && snapshot.get(nominatedNode) != null) {
            NodeInfo n = snapshot.get(nominatedNode);
            if (filterWithNominated(state, pod, n, nominated).isSuccess()) {
                feasible = List.of(n);
            }
        }
        if (feasible == null) {
            feasible = findFeasible(state, pod, nodes, rejected, nominated);
        }
        if (feasible.isEmpty()) {
            throw new FitException(new FitError(nodes.size(), rejected.byNode(), null));
        }
        if (feasible.size() == 1 || !framework.hasScorePlugins()) {
            return new Result(feasible.get(0).name(), rejected.size() + feasible.size(), feasible.size());
        }
        framework.runPreScore(state, pod, snapshot, feasible);
        long[] scores = framework.runScore(state, pod, feasible);
        return new Result(feasible.get(selectHost(scores)).name(), rejected.size() + feasible.size(), feasible.size());
    }

    /** Kubernetes' adaptive default: 50% − nodes/125, at least 5%, and at least 100 nodes. */
    int numFeasibleNodesToFind(int numAllNodes) {
        if (numAllNodes < 100 || percentageOfNodesToScore >= 100) {
            return numAllNodes;
        }
        int pct = percentageOfNodesToScore;
        if (pct <= 0) {
            pct = Math.max(5, 50 - numAllNodes / 125);
        }
        return Math.max(100, numAllNodes * pct / 100);
    }

    /**
     * The statuses of the nodes Filter rejected, by node index: recording one is an array store (in parallel,
     * without a shared map); the map by node name is built only for a FitError.
     */
    private static final class Rejections {
        private final List<NodeInfo> nodes;
        private final Status[] statuses;
        private final AtomicInteger count = new AtomicInteger();

        Rejections(List<NodeInfo> nodes) {
            this.nodes = nodes;
            this.statuses = new Status[nodes.size()];
        }

        void put(int nodeIndex, Status s) {
            statuses[nodeIndex] = s;
            count.incrementAndGet();
        }

        int size() {
            return count.get();
        }

        Map<String, Status> byNode() {
            Map<String, Status> m = new HashMap<>(size() * 2);
            for (int i = 0; i < statuses.length; i++) {
                if (statuses[i] != null) {
                    m.put(nodes.get(i).name(), statuses[i]);
                }
            }
            return m;
        }
    }

    private List<NodeInfo> findFeasible(CycleState state, PodInfo pod, List<NodeInfo> nodes, Rejections rejected,
                                        Function<String, List<PodInfo>> nominated) {
        int n = nodes.size();
        int want = numFeasibleNodesToFind(n);
        int start = nextStartNodeIndex % n;
        NodeInfo[] found = new NodeInfo[n];
        AtomicInteger feasibleCount = new AtomicInteger();
        AtomicInteger cursor = new AtomicInteger();
        AtomicInteger processed = new AtomicInteger();
        Runnable work = () -> {
            while (feasibleCount.get() < want) {
                int from = cursor.getAndAdd(CHUNK);
                if (from >= n) {
                    return;
                }
                int to = Math.min(n, from + CHUNK);
                for (int i = from; i < to && feasibleCount.get() < want; i++) {
                    int index = (start + i) % n;
                    NodeInfo node = nodes.get(index);
                    Status s = filterWithNominated(state, pod, node, nominated);
                    processed.incrementAndGet();
                    if (s.isSuccess()) {
                        found[i] = node;
                        feasibleCount.incrementAndGet();
                    } else {
                        rejected.put(index, s);
                    }
                }
            }
        };
        if (workers == null || parallelism == 1 || n < PARALLEL_THRESHOLD) {
            work.run();
        } else {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 1; w < parallelism; w++) {
                futures.add(workers.submit(work));
            }
            work.run();
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("filter failed", e.getCause());
                }
            }
        }
        nextStartNodeIndex = (start + processed.get()) % n;
        List<NodeInfo> out = new ArrayList<>(Math.min(want, feasibleCount.get()));
        for (NodeInfo f : found) {
            if (f != null && out.size() < want) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * Filters as if the higher-or-equal priority pods nominated to this node were already there (so this pod
     * does not take room a preemptor freed), and also without them (they may land elsewhere).
     */
    private Status filterWithNominated(CycleState state, PodInfo pod, NodeInfo node,
                                       Function<String, List<PodInfo>> nominated) {
        List<PodInfo> noms = nominated == null ? List.of() : nominated.apply(node.name());
        if (!noms.isEmpty()) {
            CycleState copy = state.copy();
            NodeInfo with = node;
            boolean any = false;
            for (PodInfo p : noms) {
                if (!p.key().equals(pod.key()) && p.priority() >= pod.priority()) {
                    with = with.withPod(p);
                    framework.runAddPod(copy, pod, p, with);
                    any = true;
                }
            }
            if (any) {
                Status s = framework.runFilter(copy, pod, with);
                if (!s.isSuccess()) {
                    return s;
                }
            }
        }
        return framework.runFilter(state, pod, node);
    }

    private static int selectHost(long[] scores) {
        int best = 0;
        int ties = 1;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
                ties = 1;
            } else if (scores[i] == scores[best] && ThreadLocalRandom.current().nextInt(++ties) == 0) {
                best = i;
            }
        }
        return best;
    }
}
